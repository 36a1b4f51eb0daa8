/* test-sandbox.c: the embedded Chatwoot server, spoken to over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-test"

#include "config.h"

#include <string.h>

#include <signal.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bottega-sandbox.h"
#include "bottega-test-helpers.h"

typedef struct {
  BottegaSandbox *sandbox;
  SoupSession    *session;
  char           *api;      /* {url}/api/v1/accounts/{id} */
  char           *tmpdir;   /* only for tests that persist */
} Fixture;

typedef struct {
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
} Reply;

static void
reply_clear (Reply *r)
{
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static void
fixture_start (Fixture    *f,
               const char *state_path)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = bottega_sandbox_new (state_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->sandbox);
  g_assert_true (bottega_sandbox_start (f->sandbox, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (bottega_sandbox_get_url (f->sandbox), "http://127.0.0.1:"));
  g_free (f->api);
  f->api = g_strdup_printf ("%s/api/v1/accounts/%" G_GINT64_FORMAT,
                            bottega_sandbox_get_url (f->sandbox), bottega_sandbox_get_account_id (f->sandbox));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->session = soup_session_new_with_options ("timeout", 20, NULL);
  fixture_start (f, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->sandbox)
    bottega_sandbox_stop (f->sandbox);
  g_clear_object (&f->sandbox);
  g_clear_object (&f->session);
  g_clear_pointer (&f->api, g_free);
  g_clear_pointer (&f->tmpdir, g_free);
}

/* One HTTP exchange. @url may be a path under the account ("conversations"),
 * an absolute path ("/api"), or a full URL. */
static Reply
request_full (Fixture     *f,
              const char  *method,
              const char  *url,
              const char  *token,
              const char  *content_type,
              GBytes      *body,
              gboolean     follow)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *full = NULL;
  Reply r = { 0 };

  if (g_str_has_prefix (url, "http://"))
    full = g_strdup (url);
  else if (url[0] == '/')
    full = g_strconcat (bottega_sandbox_get_url (f->sandbox), url, NULL);
  else
    full = g_strdup_printf ("%s/%s", f->api, url);

  msg = soup_message_new (method, full);
  g_assert_nonnull (msg);
  if (!follow)
    soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (token != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "api_access_token", token);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  r.body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  r.status = soup_message_get_status (msg);
  r.headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return r;
}

static Reply
request (Fixture    *f,
         const char *method,
         const char *url,
         const char *json_body)
{
  g_autoptr(GBytes) body = json_body ? g_bytes_new (json_body, strlen (json_body)) : NULL;

  return request_full (f, method, url, bottega_sandbox_get_token (f->sandbox),
                       "application/json", body, TRUE);
}

static char *
body_text (Reply *r)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (r->body, &len);

  return g_strndup (data, len);
}

static JsonNode *
parse_reply (Reply *r)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (r->body, &len);

  json_parser_load_from_data (parser, data, (gssize) len, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* GET that must succeed; returns the parsed body. */
static JsonNode *
get_json (Fixture    *f,
          const char *url)
{
  g_auto(Reply) r = request (f, "GET", url, NULL);

  g_assert_cmpuint (r.status, ==, 200);
  return parse_reply (&r);
}

static JsonNode *
send_json (Fixture    *f,
           const char *method,
           const char *url,
           const char *body,
           guint       expected)
{
  g_auto(Reply) r = request (f, method, url, body);

  g_assert_cmpuint (r.status, ==, expected);
  return parse_reply (&r);
}

static JsonArray *
list_payload (JsonNode *node)
{
  JsonObject *data = json_object_get_object_member (json_node_get_object (node), "data");

  return json_object_get_array_member (data, "payload");
}

static JsonObject *
list_meta (JsonNode *node)
{
  JsonObject *data = json_object_get_object_member (json_node_get_object (node), "data");

  return json_object_get_object_member (data, "meta");
}

/* Every conversation in every status, newest activity first. */
static GPtrArray *
all_conversations (Fixture *f)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (int page = 1; ; page++)
    {
      g_autofree char *url = g_strdup_printf ("conversations?status=all&page=%d", page);
      g_autoptr(JsonNode) node = get_json (f, url);
      JsonArray *payload = list_payload (node);

      for (guint i = 0; i < json_array_get_length (payload); i++)
        g_ptr_array_add (out, json_object_ref (json_array_get_object_element (payload, i)));
      if (json_array_get_length (payload) < 25)
        break;
    }
  return out;
}

static gboolean
holds_type (JsonObject *o,
            const char *member,
            GType       type)
{
  JsonNode *node = json_object_get_member (o, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static const char *
channel_of (JsonObject *conversation)
{
  return json_object_get_string_member (json_object_get_object_member (conversation, "meta"), "channel");
}

/* ---- server and auth ---- */

static void
test_version (Fixture       *f,
              gconstpointer  data)
{
  g_auto(Reply) r = request_full (f, "GET", "/api", NULL, NULL, NULL, TRUE);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  g_assert_cmpuint (r.status, ==, 200);
  node = parse_reply (&r);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "version"), ==, "4.15.0");
  g_assert_cmpstr (json_object_get_string_member (o, "queue_services"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (o, "data_services"), ==, "ok");
  g_assert_true (json_object_has_member (o, "timestamp"));
}

static void
test_profile (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) node = get_json (f, "/api/v1/profile");
  JsonObject *o = json_node_get_object (node);
  JsonArray *accounts = json_object_get_array_member (o, "accounts");
  JsonObject *account;

  g_assert_cmpstr (json_object_get_string_member (o, "access_token"), ==, bottega_sandbox_get_token (f->sandbox));
  g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "user");
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "pubsub_token")), >=, 16);
  g_assert_cmpint (json_object_get_int_member (o, "account_id"), ==, bottega_sandbox_get_account_id (f->sandbox));
  g_assert_true (holds_type (o, "id", G_TYPE_INT64));
  g_assert_nonnull (json_object_get_string_member (o, "name"));
  g_assert_nonnull (json_object_get_string_member (o, "available_name"));
  g_assert_cmpuint (json_array_get_length (accounts), ==, 1);
  account = json_array_get_object_element (accounts, 0);
  g_assert_cmpint (json_object_get_int_member (account, "id"), ==, bottega_sandbox_get_account_id (f->sandbox));
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "active");
  g_assert_true (json_object_has_member (account, "availability_status"));

  /* a second account shows up in the profile, empty but reachable */
  bottega_sandbox_add_account (f->sandbox, "Bottega Marchetti Outlet");
  {
    g_autoptr(JsonNode) again = get_json (f, "/api/v1/profile");
    JsonArray *list = json_object_get_array_member (json_node_get_object (again), "accounts");
    gint64 second = json_object_get_int_member (json_array_get_object_element (list, 1), "id");
    g_autofree char *url = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/conversations?status=all", second);
    g_autoptr(JsonNode) convs = get_json (f, url);

    g_assert_cmpuint (json_array_get_length (list), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "name"), ==,
                     "Bottega Marchetti Outlet");
    g_assert_cmpuint (json_array_get_length (list_payload (convs)), ==, 0);
    g_assert_cmpint (json_object_get_int_member (list_meta (convs), "all_count"), ==, 0);
  }
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *wrong = NULL, *missing = NULL, *account = NULL;

  {
    g_auto(Reply) r = request_full (f, "GET", "/api/v1/profile", "not-the-token", NULL, NULL, TRUE);

    g_assert_cmpuint (r.status, ==, 401);
    wrong = body_text (&r);
  }
  {
    g_auto(Reply) r = request_full (f, "GET", "conversations", NULL, NULL, NULL, TRUE);

    g_assert_cmpuint (r.status, ==, 401);
    missing = body_text (&r);
  }
  g_assert_cmpstr (wrong, ==, "{\"error\":\"Invalid Access Token\"}");
  g_assert_cmpstr (missing, ==, "{\"error\":\"Invalid Access Token\"}");

  {
    g_auto(Reply) r = request (f, "GET", "/api/v1/accounts/999/conversations", NULL);

    g_assert_cmpuint (r.status, ==, 401);
    account = body_text (&r);
    g_assert_cmpstr (account, ==, "{\"error\":\"You are not authorized to access this account\"}");
  }
  {
    g_auto(Reply) r = request (f, "GET", "no_such_thing", NULL);
    g_autoptr(JsonNode) node = NULL;

    g_assert_cmpuint (r.status, ==, 404);
    node = parse_reply (&r);
    g_assert_true (json_object_has_member (json_node_get_object (node), "error"));
  }
  {
    g_auto(Reply) r = request (f, "DELETE", "conversations", NULL);

    g_assert_cmpuint (r.status, >=, 404);
    g_assert_cmpuint (r.status, <=, 405);
  }
}

static void
test_token (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *old = g_strdup (bottega_sandbox_get_token (f->sandbox));

  bottega_sandbox_set_token (f->sandbox, "a-brand-new-token");
  g_assert_cmpstr (bottega_sandbox_get_token (f->sandbox), ==, "a-brand-new-token");
  {
    g_auto(Reply) r = request_full (f, "GET", "/api/v1/profile", old, NULL, NULL, TRUE);

    g_assert_cmpuint (r.status, ==, 401);
  }
  {
    g_auto(Reply) r = request_full (f, "GET", "/api/v1/profile", "a-brand-new-token", NULL, NULL, TRUE);

    g_assert_cmpuint (r.status, ==, 200);
  }
}

/* ---- shop catalogue ---- */

static void
test_inboxes_and_friends (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) inboxes = get_json (f, "inboxes");
  g_autoptr(JsonNode) labels = get_json (f, "labels");
  g_autoptr(JsonNode) agents = get_json (f, "agents");
  g_autoptr(JsonNode) canned = get_json (f, "canned_responses");
  g_autoptr(JsonNode) search = get_json (f, "canned_responses?search=SPEDI");
  JsonArray *list = json_object_get_array_member (json_node_get_object (inboxes), "payload");
  gboolean whatsapp = FALSE, other = FALSE;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *inbox = json_array_get_object_element (list, i);
      const char *type = json_object_get_string_member (inbox, "channel_type");

      if (g_strcmp0 (type, "Channel::Whatsapp") == 0)
        {
          JsonArray *templates = json_object_get_array_member (inbox, "message_templates");
          guint approved = 0;

          whatsapp = TRUE;
          g_assert_cmpstr (json_object_get_string_member (inbox, "provider"), ==, "whatsapp_cloud");
          g_assert_true (g_str_has_prefix (json_object_get_string_member (inbox, "phone_number"), "+"));
          for (guint j = 0; j < json_array_get_length (templates); j++)
            {
              JsonObject *t = json_array_get_object_element (templates, j);
              JsonObject *body = json_array_get_object_element (json_object_get_array_member (t, "components"), 0);

              if (g_strcmp0 (json_object_get_string_member (t, "status"), "APPROVED") != 0)
                continue;
              approved++;
              g_assert_cmpstr (json_object_get_string_member (t, "language"), ==, "it");
              g_assert_cmpstr (json_object_get_string_member (t, "parameter_format"), ==, "POSITIONAL");
              g_assert_cmpstr (json_object_get_string_member (body, "type"), ==, "BODY");
              g_assert_nonnull (strstr (json_object_get_string_member (body, "text"), "{{1}}"));
              g_assert_true (json_object_has_member (json_object_get_object_member (body, "example"), "body_text"));
            }
          g_assert_cmpuint (approved, ==, 2);
        }
      else
        other = TRUE;
    }
  g_assert_true (whatsapp);
  g_assert_true (other);

  list = json_object_get_array_member (json_node_get_object (labels), "payload");
  g_assert_cmpuint (json_array_get_length (list), >=, 5);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *l = json_array_get_object_element (list, i);

      g_assert_true (json_object_has_member (l, "title"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (l, "color"), "#"));
      g_assert_true (holds_type (l, "show_on_sidebar", G_TYPE_BOOLEAN));
    }

  g_assert_true (JSON_NODE_HOLDS_ARRAY (agents));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (agents)), >=, 2);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (canned));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (canned)), >=, 6);
  {
    JsonObject *c = json_array_get_object_element (json_node_get_array (canned), 0);
    g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (json_object_get_string_member (c, "created_at"), NULL);

    g_assert_nonnull (created);
    g_assert_true (json_object_has_member (c, "short_code"));
  }
  g_assert_cmpuint (json_array_get_length (json_node_get_array (search)), >=, 1);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (search)), <, json_array_get_length (json_node_get_array (canned)));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (search)); i++)
    {
      JsonObject *c = json_array_get_object_element (json_node_get_array (search), i);
      g_autofree char *all = g_strconcat (json_object_get_string_member (c, "short_code"), " ",
                                          json_object_get_string_member (c, "content"), NULL);
      g_autofree char *lower = g_utf8_strdown (all, -1);

      g_assert_nonnull (strstr (lower, "spedi"));
    }
}

/* ---- conversations ---- */

static void
test_conversation_pages (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint sizes[4];
  gint64 previous = G_MAXINT64;

  g_assert_cmpuint (bottega_sandbox_get_n_conversations (f->sandbox), ==, 60);
  for (int page = 1; page <= 4; page++)
    {
      g_autofree char *url = g_strdup_printf ("conversations?status=all&page=%d", page);
      g_autoptr(JsonNode) node = get_json (f, url);
      JsonArray *payload = list_payload (node);

      sizes[page - 1] = json_array_get_length (payload);
      g_assert_cmpint (json_object_get_int_member (list_meta (node), "all_count"), ==, 60);
      for (guint i = 0; i < json_array_get_length (payload); i++)
        {
          JsonObject *c = json_array_get_object_element (payload, i);
          gint64 activity = json_object_get_int_member (c, "last_activity_at");
          gint64 id = json_object_get_int_member (c, "id");

          g_array_append_val (ids, id);
          g_assert_cmpint (activity, <=, previous);
          previous = activity;
        }
    }
  g_assert_cmpuint (sizes[0], ==, 25);
  g_assert_cmpuint (sizes[1], ==, 25);
  g_assert_cmpuint (sizes[2], ==, 10);
  g_assert_cmpuint (sizes[3], ==, 0);
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (seen, &g_array_index (ids, gint64, i));
  g_assert_cmpuint (g_hash_table_size (seen), ==, 60);
}

static void
test_conversation_filters (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) plain = get_json (f, "conversations");
  g_autoptr(JsonNode) open = get_json (f, "conversations?status=open");
  g_autoptr(JsonNode) mine = get_json (f, "conversations?status=all&assignee_type=me");
  g_autoptr(JsonNode) unassigned = get_json (f, "conversations?status=all&assignee_type=unassigned");
  g_autoptr(JsonNode) all = get_json (f, "conversations?status=all");
  g_autoptr(JsonNode) profile = get_json (f, "/api/v1/profile");
  gint64 me = json_object_get_int_member (json_node_get_object (profile), "id");
  JsonObject *meta_all = list_meta (all);
  const char *statuses[] = { "open", "pending", "resolved", "snoozed" };
  gint64 sum = 0;

  /* open is the default */
  g_assert_cmpint (json_object_get_int_member (list_meta (plain), "all_count"), ==,
                   json_object_get_int_member (list_meta (open), "all_count"));
  g_assert_cmpuint (json_array_get_length (list_payload (plain)), ==, json_array_get_length (list_payload (open)));

  /* counts come before the assignee filter */
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *meta = list_meta (i == 0 ? mine : unassigned);

      g_assert_cmpint (json_object_get_int_member (meta, "all_count"), ==, json_object_get_int_member (meta_all, "all_count"));
      g_assert_cmpint (json_object_get_int_member (meta, "mine_count"), ==, json_object_get_int_member (meta_all, "mine_count"));
      g_assert_cmpint (json_object_get_int_member (meta, "unassigned_count"), ==,
                       json_object_get_int_member (meta_all, "unassigned_count"));
    }
  g_assert_cmpint (json_object_get_int_member (meta_all, "assigned_count") +
                   json_object_get_int_member (meta_all, "unassigned_count"), ==, 60);
  g_assert_cmpint (json_object_get_int_member (meta_all, "mine_count"), >, 0);
  g_assert_cmpint (json_object_get_int_member (meta_all, "unassigned_count"), >, 0);
  g_assert_cmpint (json_object_get_int_member (meta_all, "mine_count"), <,
                   json_object_get_int_member (meta_all, "assigned_count"));

  /* the filter itself */
  g_assert_cmpuint (json_array_get_length (list_payload (mine)), ==,
                    MIN (25, json_object_get_int_member (meta_all, "mine_count")));
  for (guint i = 0; i < json_array_get_length (list_payload (mine)); i++)
    {
      JsonObject *meta = json_object_get_object_member (json_array_get_object_element (list_payload (mine), i), "meta");

      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (meta, "assignee"), "id"), ==, me);
    }
  for (guint i = 0; i < json_array_get_length (list_payload (unassigned)); i++)
    {
      JsonObject *meta = json_object_get_object_member (json_array_get_object_element (list_payload (unassigned), i), "meta");

      g_assert_false (json_object_has_member (meta, "assignee"));
    }

  /* every state exists, and the states add up */
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *url = g_strdup_printf ("conversations?status=%s", statuses[i]);
      g_autoptr(JsonNode) node = get_json (f, url);
      JsonArray *payload = list_payload (node);
      gint64 count = json_object_get_int_member (list_meta (node), "all_count");

      g_assert_cmpint (count, >, 0);
      sum += count;
      for (guint j = 0; j < json_array_get_length (payload); j++)
        {
          JsonObject *c = json_array_get_object_element (payload, j);

          g_assert_cmpstr (json_object_get_string_member (c, "status"), ==, statuses[i]);
          if (g_strcmp0 (statuses[i], "snoozed") == 0)
            {
              g_autoptr(GDateTime) until = g_date_time_new_from_iso8601 (json_object_get_string_member (c, "snoozed_until"), NULL);
              g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

              g_assert_nonnull (until);
              g_assert_cmpint (g_date_time_compare (until, now), >, 0);
            }
          else
            g_assert_true (json_object_get_null_member (c, "snoozed_until"));
        }
    }
  g_assert_cmpint (sum, ==, 60);
}

static void
test_conversation_object (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) all = all_conversations (f);
  gboolean labelled = FALSE, prioritised = FALSE, closed_window = FALSE, email = FALSE, unread = FALSE;

  g_assert_cmpuint (all->len, ==, 60);
  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *c = g_ptr_array_index (all, i);
      JsonObject *meta = json_object_get_object_member (c, "meta");
      JsonObject *sender = json_object_get_object_member (meta, "sender");
      JsonArray *messages = json_object_get_array_member (c, "messages");
      const char *timestamps[] = { "created_at", "timestamp", "last_activity_at", "agent_last_seen_at",
                                   "assignee_last_seen_at", "contact_last_seen_at", "first_reply_created_at",
                                   "waiting_since", "unread_count", "id", "inbox_id", "account_id" };

      for (guint j = 0; j < G_N_ELEMENTS (timestamps); j++)
        g_assert_true (holds_type (c, timestamps[j], G_TYPE_INT64));
      g_assert_true (holds_type (c, "updated_at", G_TYPE_DOUBLE));
      g_assert_cmpint (json_object_get_int_member (c, "timestamp"), ==, json_object_get_int_member (c, "last_activity_at"));
      g_assert_true (holds_type (c, "can_reply", G_TYPE_BOOLEAN));
      g_assert_true (holds_type (c, "muted", G_TYPE_BOOLEAN));
      g_assert_true (holds_type (c, "uuid", G_TYPE_STRING));
      g_assert_cmpint (json_object_get_int_member (c, "unread_count"), <=, 10);
      g_assert_cmpuint (json_array_get_length (messages), ==, 1);
      g_assert_true (holds_type (json_array_get_object_element (messages, 0), "created_at", G_TYPE_INT64));
      g_assert_true (holds_type (json_array_get_object_element (messages, 0), "updated_at", G_TYPE_STRING));
      g_assert_true (json_object_has_member (c, "last_non_activity_message"));
      g_assert_true (json_object_has_member (meta, "assignee_type"));
      g_assert_true (holds_type (meta, "hmac_verified", G_TYPE_BOOLEAN));
      g_assert_nonnull (json_object_get_string_member (sender, "name"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (sender, "phone_number"), "+"));

      labelled |= json_array_get_length (json_object_get_array_member (c, "labels")) > 0;
      prioritised |= !json_object_get_null_member (c, "priority");
      unread |= json_object_get_int_member (c, "unread_count") > 0;
      email |= g_strcmp0 (channel_of (c), "Channel::Email") == 0;
      if (g_strcmp0 (json_object_get_string_member (c, "status"), "open") == 0 &&
          g_strcmp0 (channel_of (c), "Channel::Whatsapp") == 0 &&
          !json_object_get_boolean_member (c, "can_reply"))
        closed_window = TRUE;
    }
  g_assert_true (labelled);
  g_assert_true (prioritised);
  g_assert_true (email);
  g_assert_true (unread);
  g_assert_true (closed_window);

  /* one conversation, and one that does not exist */
  {
    JsonObject *first = g_ptr_array_index (all, 0);
    gint64 id = json_object_get_int_member (first, "id");
    g_autofree char *url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT, id);
    g_autoptr(JsonNode) node = get_json (f, url);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "uuid"), ==,
                     json_object_get_string_member (first, "uuid"));
  }
  {
    g_auto(Reply) r = request (f, "GET", "conversations/424242", NULL);
    g_autofree char *text = body_text (&r);

    g_assert_cmpuint (r.status, ==, 404);
    g_assert_cmpstr (text, ==, "{\"error\":\"Resource could not be found\"}");
  }
}

static JsonObject *
find_conversation (GPtrArray  *all,
                   const char *status,
                   const char *channel,
                   int         can_reply)
{
  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *c = g_ptr_array_index (all, i);

      if (status && g_strcmp0 (json_object_get_string_member (c, "status"), status) != 0)
        continue;
      if (channel && g_strcmp0 (channel_of (c), channel) != 0)
        continue;
      if (can_reply >= 0 && json_object_get_boolean_member (c, "can_reply") != (gboolean) can_reply)
        continue;
      return c;
    }
  return NULL;
}

static void
test_updated_within (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) all = all_conversations (f);
  JsonObject *resolved = find_conversation (all, "resolved", NULL, -1);
  gint64 id = json_object_get_int_member (resolved, "id");
  double before = json_object_get_double_member (resolved, "updated_at");
  gint64 message_id;

  /* the whole shop is within 100 days, and comes back in one answer */
  {
    g_autoptr(JsonNode) node = get_json (f, "conversations?status=all&updated_within=8640000");

    g_assert_cmpuint (json_array_get_length (list_payload (node)), ==, 60);
  }
  /* other filters still apply */
  {
    g_autoptr(JsonNode) node = get_json (f, "conversations?status=resolved&updated_within=8640000");
    JsonArray *payload = list_payload (node);

    g_assert_cmpuint (json_array_get_length (payload), ==, json_object_get_int_member (list_meta (node), "all_count"));
    for (guint i = 0; i < json_array_get_length (payload); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (payload, i), "status"), ==, "resolved");
  }

  /* a customer writes into a resolved conversation: it reopens and is the only fresh one */
  message_id = bottega_sandbox_add_incoming_message (f->sandbox, id, "Buongiorno, avete ricevuto il mio reso?");
  g_assert_cmpint (message_id, >, 0);
  {
    g_autoptr(JsonNode) node = get_json (f, "conversations?status=all&updated_within=60");
    JsonArray *payload = list_payload (node);
    JsonObject *c;

    g_assert_cmpuint (json_array_get_length (payload), ==, 1);
    c = json_array_get_object_element (payload, 0);
    g_assert_cmpint (json_object_get_int_member (c, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (c, "status"), ==, "open");
    g_assert_cmpfloat (json_object_get_double_member (c, "updated_at"), >, before);
    g_assert_cmpint (json_object_get_int_member (c, "unread_count"), >=, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (c, "messages"), 0), "id"),
                     ==, message_id);
  }
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, id, "Buongiorno, avete ricevuto il mio reso?"), ==, 1);
}

static void
test_toggle_status (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) all = all_conversations (f);
  JsonObject *open = find_conversation (all, "open", NULL, -1);
  gint64 id = json_object_get_int_member (open, "id");
  double before = json_object_get_double_member (open, "updated_at");
  g_autofree char *url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/toggle_status", id);
  g_autofree char *show = g_strdup_printf ("conversations/%" G_GINT64_FORMAT, id);
  gint64 until = g_get_real_time () / G_USEC_PER_SEC + 86400;

  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, "{\"status\":\"resolved\"}", 200);
    JsonObject *payload = json_object_get_object_member (json_node_get_object (node), "payload");

    g_assert_true (json_object_has_member (json_node_get_object (node), "meta"));
    g_assert_true (json_object_get_boolean_member (payload, "success"));
    g_assert_cmpint (json_object_get_int_member (payload, "conversation_id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (payload, "current_status"), ==, "resolved");
    g_assert_true (json_object_get_null_member (payload, "snoozed_until"));
  }
  {
    g_autoptr(JsonNode) node = get_json (f, show);
    JsonObject *c = json_node_get_object (node);

    g_assert_cmpstr (json_object_get_string_member (c, "status"), ==, "resolved");
    g_assert_cmpfloat (json_object_get_double_member (c, "updated_at"), >, before);
  }
  /* no status: open ↔ resolved */
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, "{}", 200);
    JsonObject *payload = json_object_get_object_member (json_node_get_object (node), "payload");

    g_assert_cmpstr (json_object_get_string_member (payload, "current_status"), ==, "open");
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"status\":\"snoozed\",\"snoozed_until\":%" G_GINT64_FORMAT "}", until);
    g_autoptr(JsonNode) node = send_json (f, "POST", url, body, 200);
    JsonObject *payload = json_object_get_object_member (json_node_get_object (node), "payload");
    g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (json_object_get_string_member (payload, "snoozed_until"), NULL);

    g_assert_cmpstr (json_object_get_string_member (payload, "current_status"), ==, "snoozed");
    g_assert_nonnull (when);
    g_assert_cmpint (g_date_time_to_unix (when), ==, until);
  }
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, "{\"status\":\"sleeping\"}", 422);

    g_assert_true (json_object_has_member (json_node_get_object (node), "error"));
  }
}

static void
test_update_last_seen (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) all = all_conversations (f);
  JsonObject *target = NULL;
  g_autofree char *url = NULL;

  for (guint i = 0; i < all->len && target == NULL; i++)
    if (json_object_get_int_member (g_ptr_array_index (all, i), "unread_count") > 0)
      target = g_ptr_array_index (all, i);
  g_assert_nonnull (target);

  url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/update_last_seen", json_object_get_int_member (target, "id"));
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, NULL, 200);
    JsonObject *c = json_node_get_object (node);

    g_assert_cmpint (json_object_get_int_member (c, "id"), ==, json_object_get_int_member (target, "id"));
    g_assert_cmpint (json_object_get_int_member (c, "unread_count"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (c, "agent_last_seen_at"), >,
                     json_object_get_int_member (target, "agent_last_seen_at"));
    /* read state does not count as an update */
    g_assert_cmpfloat (json_object_get_double_member (c, "updated_at"), ==,
                       json_object_get_double_member (target, "updated_at"));
  }
}

/* ---- messages ---- */

static gint64
longest_conversation (Fixture *f,
                      guint   *length)
{
  gint64 best = 0;

  *length = 0;
  for (gint64 id = 1; id <= 60; id++)
    {
      g_autoptr(JsonNode) dump = bottega_sandbox_dump_messages (f->sandbox, id);
      guint n = json_array_get_length (json_node_get_array (dump));

      if (n > *length)
        {
          *length = n;
          best = id;
        }
    }
  return best;
}

static GArray *
message_ids (JsonArray *payload)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (payload); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (payload, i), "id");

      g_array_append_val (ids, id);
      if (i > 0)
        g_assert_cmpint (id, >, g_array_index (ids, gint64, i - 1));
    }
  return ids;
}

static void
test_message_paging (Fixture       *f,
                     gconstpointer  data)
{
  guint length = 0;
  gint64 cid = longest_conversation (f, &length);
  g_autoptr(JsonNode) dump = bottega_sandbox_dump_messages (f->sandbox, cid);
  g_autoptr(GArray) everything = message_ids (json_node_get_array (dump));
  g_autoptr(GArray) collected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *base = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", cid);
  gint64 oldest;

  g_assert_cmpuint (length, >, 60);

  /* the latest 20, ascending */
  {
    g_autoptr(JsonNode) node = get_json (f, base);
    JsonObject *root = json_node_get_object (node);
    JsonObject *meta = json_object_get_object_member (root, "meta");
    g_autoptr(GArray) ids = message_ids (json_object_get_array_member (root, "payload"));

    g_assert_cmpuint (ids->len, ==, 20);
    g_assert_cmpint (g_array_index (ids, gint64, 19), ==, g_array_index (everything, gint64, everything->len - 1));
    g_assert_true (json_object_has_member (meta, "labels"));
    g_assert_true (json_object_has_member (meta, "contact"));
    g_assert_true (json_object_has_member (meta, "assignee"));
    g_assert_true (json_object_has_member (meta, "agent_last_seen_at"));
    g_assert_true (json_object_get_null_member (meta, "agent_last_seen_at") ||
                   holds_type (meta, "agent_last_seen_at", G_TYPE_STRING));
    g_array_append_vals (collected, ids->data, ids->len);
    oldest = g_array_index (ids, gint64, 0);
  }
  /* scroll back with before= until nothing is left */
  for (;;)
    {
      g_autofree char *url = g_strdup_printf ("%s?before=%" G_GINT64_FORMAT, base, oldest);
      g_autoptr(JsonNode) node = get_json (f, url);
      g_autoptr(GArray) ids = message_ids (json_object_get_array_member (json_node_get_object (node), "payload"));

      if (ids->len == 0)
        break;
      g_assert_cmpuint (ids->len, <=, 20);
      g_assert_cmpint (g_array_index (ids, gint64, ids->len - 1), <, oldest);
      g_array_prepend_vals (collected, ids->data, ids->len);
      oldest = g_array_index (ids, gint64, 0);
    }
  g_assert_cmpuint (collected->len, ==, everything->len);
  g_assert_cmpmem (collected->data, collected->len * sizeof (gint64), everything->data, everything->len * sizeof (gint64));

  /* catch up with after= */
  {
    gint64 after = g_array_index (everything, gint64, 4);
    g_autofree char *url = g_strdup_printf ("%s?after=%" G_GINT64_FORMAT, base, after);
    g_autoptr(JsonNode) node = get_json (f, url);
    g_autoptr(GArray) ids = message_ids (json_object_get_array_member (json_node_get_object (node), "payload"));

    g_assert_cmpuint (ids->len, ==, MIN (100, everything->len - 5));
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, g_array_index (everything, gint64, 5));
  }
  /* both: after <= id < before */
  {
    gint64 after = g_array_index (everything, gint64, 10);
    gint64 before = g_array_index (everything, gint64, 15);
    g_autofree char *url = g_strdup_printf ("%s?after=%" G_GINT64_FORMAT "&before=%" G_GINT64_FORMAT, base, after, before);
    g_autoptr(JsonNode) node = get_json (f, url);
    g_autoptr(GArray) ids = message_ids (json_object_get_array_member (json_node_get_object (node), "payload"));

    g_assert_cmpuint (ids->len, ==, 5);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, after);
  }
}

static GBytes *
fetch (Fixture    *f,
       const char *url,
       char      **content_type,
       char      **disposition)
{
  g_auto(Reply) r = request_full (f, "GET", url, NULL, NULL, NULL, TRUE);

  g_assert_cmpuint (r.status, ==, 200);
  if (content_type)
    *content_type = g_strdup (soup_message_headers_get_content_type (r.headers, NULL));
  if (disposition)
    *disposition = g_strdup (soup_message_headers_get_one (r.headers, "Content-Disposition"));
  return g_bytes_ref (r.body);
}

static gboolean
bytes_start_with (GBytes     *bytes,
                  const char *prefix,
                  gsize       len)
{
  return g_bytes_get_size (bytes) >= len && memcmp (g_bytes_get_data (bytes, NULL), prefix, len) == 0;
}

static void
test_attachments (Fixture       *f,
                  gconstpointer  data)
{
  JsonObject *plain = NULL, *image = NULL, *pdf = NULL, *voice = NULL;
  g_autoptr(GPtrArray) dumps = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (gint64 id = 1; id <= 60; id++)
    {
      JsonNode *dump = bottega_sandbox_dump_messages (f->sandbox, id);
      JsonArray *messages = json_node_get_array (dump);

      g_ptr_array_add (dumps, dump);
      for (guint i = 0; i < json_array_get_length (messages); i++)
        {
          JsonObject *m = json_array_get_object_element (messages, i);
          JsonArray *attachments;

          if (!json_object_has_member (m, "attachments"))
            {
              if (plain == NULL && json_object_get_int_member (m, "message_type") == 0)
                plain = m;
              continue;
            }
          attachments = json_object_get_array_member (m, "attachments");
          g_assert_cmpuint (json_array_get_length (attachments), >, 0);
          for (guint j = 0; j < json_array_get_length (attachments); j++)
            {
              JsonObject *a = json_array_get_object_element (attachments, j);
              const char *type = json_object_get_string_member (a, "file_type");

              if (g_strcmp0 (type, "image") == 0 && image == NULL)
                image = a;
              else if (g_strcmp0 (json_object_get_string_member (a, "content_type"), "application/pdf") == 0 && pdf == NULL)
                pdf = a;
              else if (g_strcmp0 (type, "audio") == 0 && voice == NULL)
                voice = a;
            }
        }
    }
  g_assert_nonnull (plain);
  g_assert_nonnull (image);
  g_assert_nonnull (pdf);
  g_assert_nonnull (voice);

  /* what the REST list shows for a plain message: no attachments key at all */
  {
    g_autofree char *url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages?after=%" G_GINT64_FORMAT
                                            "&before=%" G_GINT64_FORMAT,
                                            json_object_get_int_member (plain, "conversation_id"),
                                            json_object_get_int_member (plain, "id"),
                                            json_object_get_int_member (plain, "id") + 1);
    g_autoptr(JsonNode) node = get_json (f, url);
    JsonArray *payload = json_object_get_array_member (json_node_get_object (node), "payload");
    JsonObject *m = json_array_get_object_element (payload, 0);

    g_assert_cmpuint (json_array_get_length (payload), ==, 1);
    g_assert_false (json_object_has_member (m, "attachments"));
    g_assert_cmpstr (json_object_get_string_member (m, "content_type"), ==, "text");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (m, "sender"), "type"), ==, "contact");
    g_assert_true (holds_type (m, "created_at", G_TYPE_INT64));
    g_assert_true (holds_type (m, "updated_at", G_TYPE_STRING));
  }

  /* the image: a redirect to the bytes, which are a PNG of the stated size */
  {
    const char *data_url = json_object_get_string_member (image, "data_url");
    g_autofree char *type = NULL, *disposition = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_auto(Reply) hop = request_full (f, "GET", data_url, NULL, NULL, NULL, FALSE);

    g_assert_nonnull (strstr (data_url, "/rails/active_storage/blobs/redirect/"));
    g_assert_cmpuint (hop.status, ==, 302);
    g_assert_nonnull (strstr (soup_message_headers_get_one (hop.headers, "Location"), "/rails/active_storage/disk/"));

    bytes = fetch (f, data_url, &type, &disposition);
    g_assert_true (bytes_start_with (bytes, "\x89PNG\r\n\x1a\n", 8));
    g_assert_cmpstr (type, ==, "image/png");
    g_assert_true (g_str_has_prefix (disposition, "inline; filename=\""));
    g_assert_cmpint (g_bytes_get_size (bytes), ==, json_object_get_int_member (image, "file_size"));
    g_assert_cmpint (json_object_get_int_member (image, "width"), >, 0);
    g_assert_cmpstr (json_object_get_string_member (image, "extension"), ==, "png");
  }
  {
    g_autoptr(GBytes) thumb = fetch (f, json_object_get_string_member (image, "thumb_url"), NULL, NULL);

    g_assert_true (bytes_start_with (thumb, "\x89PNG\r\n\x1a\n", 8));
  }
  /* the invoice and the voice note */
  {
    g_autofree char *type = NULL;
    g_autoptr(GBytes) bytes = fetch (f, json_object_get_string_member (pdf, "data_url"), &type, NULL);

    g_assert_true (bytes_start_with (bytes, "%PDF-", 5));
    g_assert_cmpstr (type, ==, "application/pdf");
    g_assert_cmpstr (json_object_get_string_member (pdf, "thumb_url"), ==, "");
    g_assert_cmpint (g_bytes_get_size (bytes), ==, json_object_get_int_member (pdf, "file_size"));
  }
  {
    g_autofree char *type = NULL;
    g_autoptr(GBytes) bytes = fetch (f, json_object_get_string_member (voice, "data_url"), &type, NULL);

    g_assert_true (bytes_start_with (bytes, "OggS", 4));
    g_assert_cmpstr (type, ==, "audio/ogg");
  }
}

static JsonObject *
replyable_whatsapp (Fixture   *f,
                    GPtrArray *all)
{
  JsonObject *c = find_conversation (all, "open", "Channel::Whatsapp", TRUE);

  g_assert_nonnull (c);
  return c;
}

static void
test_create_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) all = all_conversations (f);
  JsonObject *conv = replyable_whatsapp (f, all);
  gint64 cid = json_object_get_int_member (conv, "id");
  g_autofree char *url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", cid);
  g_autofree char *show = g_strdup_printf ("conversations/%" G_GINT64_FORMAT, cid);
  const char *body = "{\"content\":\"Sì, la borsa è pronta: passa pure domani!\",\"private\":false,"
                     "\"message_type\":\"outgoing\",\"echo_id\":\"7c1f0e3a-2b8d-4f51-9a6e-0d3c5b2a1e99\"}";
  gint64 first_id, second_id;

  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, body, 200);
    JsonObject *m = json_node_get_object (node);

    g_assert_cmpstr (json_object_get_string_member (m, "echo_id"), ==, "7c1f0e3a-2b8d-4f51-9a6e-0d3c5b2a1e99");
    g_assert_cmpint (json_object_get_int_member (m, "message_type"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "sent");
    g_assert_false (json_object_get_boolean_member (m, "private"));
    g_assert_cmpint (json_object_get_int_member (m, "conversation_id"), ==, cid);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (m, "sender"), "type"), ==, "user");
    g_assert_false (json_object_has_member (m, "attachments"));
    first_id = json_object_get_int_member (m, "id");
  }
  {
    g_autoptr(JsonNode) node = get_json (f, show);
    JsonObject *c = json_node_get_object (node);

    g_assert_cmpfloat (json_object_get_double_member (c, "updated_at"), >, json_object_get_double_member (conv, "updated_at"));
    g_assert_cmpint (json_object_get_int_member (c, "waiting_since"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (c, "last_activity_at"), >=, json_object_get_int_member (conv, "last_activity_at"));
  }
  /* no idempotency: the same echo_id twice makes two messages */
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, body, 200);

    second_id = json_object_get_int_member (json_node_get_object (node), "id");
  }
  g_assert_cmpint (second_id, >, first_id);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, cid, "Sì, la borsa è pronta: passa pure domani!"), ==, 2);
  /* the echo_id lives only in the create response */
  {
    g_autofree char *after = g_strdup_printf ("%s?after=%" G_GINT64_FORMAT, url, first_id - 1);
    g_autoptr(JsonNode) node = get_json (f, after);
    JsonArray *payload = json_object_get_array_member (json_node_get_object (node), "payload");

    g_assert_cmpuint (json_array_get_length (payload), ==, 2);
    g_assert_false (json_object_has_member (json_array_get_object_element (payload, 0), "echo_id"));
    g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (payload, 0), "source_id"));
  }
  /* a private note */
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, "{\"content\":\"Cliente gentilissima\",\"private\":true}", 200);

    g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "private"));
  }
  /* nothing to send */
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, "{\"content\":\"\"}", 422);

    g_assert_true (holds_type (json_node_get_object (node), "error", G_TYPE_STRING));
  }
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", "conversations/424242/messages", "{\"content\":\"x\"}", 404);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "error"), ==, "Resource could not be found");
  }
}

static GBytes *
multipart_body (const char  *content,
                guint        n_files,
                GBytes     **files,
                const char **names,
                const char **types,
                char       **content_type)
{
  SoupMultipart *multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  GBytes *body = NULL;

  soup_multipart_append_form_string (multipart, "content", content);
  soup_multipart_append_form_string (multipart, "private", "false");
  soup_multipart_append_form_string (multipart, "echo_id", "multi-echo-1");
  soup_multipart_append_form_string (multipart, "content_attributes", "{\"note\":\"from a test\"}");
  for (guint i = 0; i < n_files; i++)
    soup_multipart_append_form_file (multipart, "attachments[]", names[i], types[i], files[i]);
  soup_multipart_to_message (multipart, headers, &body);
  *content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  soup_multipart_free (multipart);
  return body;
}

static void
test_create_multipart (Fixture       *f,
                       gconstpointer  data)
{
  static const guint8 png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 2, 0, 0, 0, 3, 8, 2, 0, 0, 0, 0x12, 0x16, 0xf1, 0x4d,
  };
  const char *text = "Ciao! Ecco la foto e lo scontrino.\n";
  g_autoptr(GPtrArray) all = all_conversations (f);
  JsonObject *conv = replyable_whatsapp (f, all);
  g_autofree char *url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", json_object_get_int_member (conv, "id"));
  g_autoptr(GBytes) photo = g_bytes_new_static (png, sizeof png);
  g_autoptr(GBytes) receipt = g_bytes_new_static (text, strlen (text));
  GBytes *files[] = { photo, receipt };
  const char *names[] = { "borsa.png", "scontrino.txt" };
  const char *types[] = { "image/png", "text/plain" };
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) body = multipart_body ("Ecco le foto", 2, files, names, types, &content_type);
  g_auto(Reply) r = request_full (f, "POST", url, bottega_sandbox_get_token (f->sandbox), content_type, body, TRUE);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *m;
  JsonArray *attachments;

  g_assert_cmpuint (r.status, ==, 200);
  node = parse_reply (&r);
  m = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (m, "content"), ==, "Ecco le foto");
  g_assert_cmpstr (json_object_get_string_member (m, "echo_id"), ==, "multi-echo-1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (m, "content_attributes"), "note"), ==,
                   "from a test");
  attachments = json_object_get_array_member (m, "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      JsonObject *a = json_array_get_object_element (attachments, i);
      g_autofree char *type = NULL, *disposition = NULL;
      g_autoptr(GBytes) back = fetch (f, json_object_get_string_member (a, "data_url"), &type, &disposition);

      g_assert_true (g_bytes_equal (back, files[i]));
      g_assert_cmpstr (type, ==, types[i]);
      g_assert_nonnull (strstr (disposition, names[i]));
      g_assert_cmpint (json_object_get_int_member (a, "file_size"), ==, g_bytes_get_size (files[i]));
      g_assert_cmpint (json_object_get_int_member (a, "message_id"), ==, json_object_get_int_member (m, "id"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attachments, 0), "file_type"), ==, "image");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (attachments, 0), "width"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attachments, 1), "file_type"), ==, "file");

  /* at most 15 files per message */
  {
    GBytes *many[16];
    const char *many_names[16], *many_types[16];
    g_autofree char *ct = NULL;
    g_autoptr(GBytes) big = NULL;

    for (guint i = 0; i < 16; i++)
      {
        many[i] = receipt;
        many_names[i] = "scontrino.txt";
        many_types[i] = "text/plain";
      }
    big = multipart_body ("troppi", 16, many, many_names, many_types, &ct);
    {
      g_auto(Reply) r2 = request_full (f, "POST", url, bottega_sandbox_get_token (f->sandbox), ct, big, TRUE);

      g_assert_cmpuint (r2.status, ==, 422);
    }
    g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, json_object_get_int_member (conv, "id"), "troppi"), ==, 0);
  }
}

static void
test_window_and_templates (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) all = all_conversations (f);
  JsonObject *conv = find_conversation (all, "open", "Channel::Whatsapp", FALSE);
  g_autofree char *url = NULL;

  g_assert_nonnull (conv);
  url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", json_object_get_int_member (conv, "id"));

  /* free text outside the window: created, but failed */
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, "{\"content\":\"Il tuo ordine è pronto\",\"echo_id\":\"w1\"}", 200);
    JsonObject *m = json_node_get_object (node);

    g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "failed");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (m, "content_attributes"), "external_error"),
                     ==, "Template not found or invalid template name");
  }
  /* an approved template goes out */
  {
    const char *body = "{\"content\":\"Ciao Chiara, il tuo ordine #1042 è pronto!\",\"echo_id\":\"w2\","
                       "\"template_params\":{\"name\":\"ORDINE_PRONTO\",\"category\":\"UTILITY\",\"language\":\"it\","
                       "\"processed_params\":{\"body\":{\"1\":\"Chiara\",\"2\":\"#1042\"}}}}";
    g_autoptr(JsonNode) node = send_json (f, "POST", url, body, 200);
    JsonObject *m = json_node_get_object (node);
    JsonObject *params = json_object_get_object_member (json_object_get_object_member (m, "additional_attributes"),
                                                        "template_params");

    g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "sent");
    g_assert_false (json_object_has_member (json_object_get_object_member (m, "content_attributes"), "external_error"));
    g_assert_cmpstr (json_object_get_string_member (params, "name"), ==, "ORDINE_PRONTO");
  }
  /* with no content, the template's text is filled in */
  {
    const char *body = "{\"template_params\":{\"name\":\"richiamo_cliente\",\"language\":\"it\","
                       "\"processed_params\":{\"body\":{\"1\":\"Chiara\"}}}}";
    g_autoptr(JsonNode) node = send_json (f, "POST", url, body, 200);
    JsonObject *m = json_node_get_object (node);

    g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "sent");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (m, "content"), "Ciao Chiara,"));
  }
  /* unknown or rejected templates fail */
  {
    const char *body = "{\"content\":\"Saldi!\",\"template_params\":{\"name\":\"saldi_estivi\",\"language\":\"it\"}}";
    g_autoptr(JsonNode) node = send_json (f, "POST", url, body, 200);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"), ==, "failed");
  }
  /* private notes are not WhatsApp messages */
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, "{\"content\":\"Richiamarla domani\",\"private\":true}", 200);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"), ==, "sent");
  }
}

/* ---- faults ---- */

static void
test_fault_429 (Fixture       *f,
                gconstpointer  data)
{
  bottega_sandbox_fail_next (f->sandbox, 429, 1);
  {
    g_auto(Reply) r = request (f, "GET", "/api/v1/profile", NULL);
    g_autofree char *text = body_text (&r);

    g_assert_cmpuint (r.status, ==, 429);
    g_assert_cmpstr (text, ==, "Retry later\n");
    g_assert_cmpstr (soup_message_headers_get_content_type (r.headers, NULL), ==, "text/plain");
    g_assert_null (soup_message_headers_get_one (r.headers, "Retry-After"));
  }
  {
    g_auto(Reply) r = request (f, "GET", "/api/v1/profile", NULL);

    g_assert_cmpuint (r.status, ==, 200);
  }
}

static void
test_fault_500 (Fixture       *f,
                gconstpointer  data)
{
  bottega_sandbox_fail_next (f->sandbox, 500, 2);
  for (int i = 0; i < 2; i++)
    {
      g_auto(Reply) r = request (f, "GET", "conversations", NULL);
      g_autoptr(JsonNode) node = NULL;

      g_assert_cmpuint (r.status, ==, 500);
      node = parse_reply (&r);
      g_assert_true (holds_type (json_node_get_object (node), "error", G_TYPE_STRING));
    }
  {
    g_autoptr(JsonNode) node = get_json (f, "conversations");

    g_assert_cmpuint (json_array_get_length (list_payload (node)), >, 0);
  }
}

static void
test_fault_malformed (Fixture       *f,
                      gconstpointer  data)
{
  bottega_sandbox_malformed_next (f->sandbox, 1);
  {
    g_auto(Reply) r = request (f, "GET", "conversations", NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpuint (g_bytes_get_size (r.body), >, 0);
    g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (r.body, NULL),
                                                (gssize) g_bytes_get_size (r.body), &error));
    g_assert_nonnull (error);
  }
  {
    g_autoptr(JsonNode) node = get_json (f, "conversations");

    g_assert_cmpuint (json_array_get_length (list_payload (node)), >, 0);
  }
}

static void
test_request_count (Fixture       *f,
                    gconstpointer  data)
{
  guint before = bottega_sandbox_get_request_count (f->sandbox);

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) node = get_json (f, "labels");
    }
  g_assert_cmpuint (bottega_sandbox_get_request_count (f->sandbox), ==, before + 3);
}

static void
test_demo_tick (Fixture       *f,
                gconstpointer  data)
{
  gint64 id;

  /* the timer only arms; what it does is the tick */
  bottega_sandbox_set_demo_mode (f->sandbox, TRUE);
  id = bottega_sandbox_demo_tick (f->sandbox);
  bottega_sandbox_set_demo_mode (f->sandbox, FALSE);
  g_assert_cmpint (id, >, 0);
  {
    g_autoptr(JsonNode) node = get_json (f, "conversations?status=all&updated_within=60");
    JsonArray *payload = list_payload (node);
    JsonObject *c, *m;

    g_assert_cmpuint (json_array_get_length (payload), ==, 1);
    c = json_array_get_object_element (payload, 0);
    m = json_array_get_object_element (json_object_get_array_member (c, "messages"), 0);
    g_assert_cmpstr (json_object_get_string_member (c, "status"), ==, "open");
    g_assert_cmpint (json_object_get_int_member (m, "id"), ==, id);
    g_assert_cmpint (json_object_get_int_member (m, "message_type"), ==, 0);
    g_assert_cmpuint (strlen (json_object_get_string_member (m, "content")), >, 3);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (m, "sender"), "type"), ==, "contact");
    g_assert_cmpint (json_object_get_int_member (c, "unread_count"), >=, 1);
  }
}

/* ---- the shop is the same every time ---- */

static void
test_deterministic (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaSandbox) other = bottega_sandbox_new (NULL, &error);

  g_assert_no_error (error);
  for (gint64 id = 1; id <= 60; id++)
    {
      g_autoptr(JsonNode) a = bottega_sandbox_dump_messages (f->sandbox, id);
      g_autoptr(JsonNode) b = bottega_sandbox_dump_messages (other, id);
      JsonArray *ma = json_node_get_array (a);
      JsonArray *mb = json_node_get_array (b);

      g_assert_cmpuint (json_array_get_length (ma), ==, json_array_get_length (mb));
      g_assert_cmpuint (json_array_get_length (ma), >=, 3);
      for (guint i = 0; i < json_array_get_length (ma); i++)
        {
          JsonObject *x = json_array_get_object_element (ma, i);
          JsonObject *y = json_array_get_object_element (mb, i);

          g_assert_cmpint (json_object_get_int_member (x, "id"), ==, json_object_get_int_member (y, "id"));
          g_assert_cmpstr (json_object_get_string_member (x, "content"), ==, json_object_get_string_member (y, "content"));
        }
      if (id != 1 && json_array_get_length (ma) > 30)
        g_assert_cmpuint (json_array_get_length (ma), >, 60);   /* only the long story is longer than 30 */
    }
}

/* ---- persistence ---- */

static void
test_persistence (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bottega-sandbox-XXXXXX", &error);
  g_autofree char *state = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *data_url_path = NULL;
  Fixture f = { 0 };
  gint64 cid, last_id;
  const char *text = "resta qui dopo il riavvio\n";
  g_autoptr(GBytes) file = g_bytes_new_static (text, strlen (text));

  g_assert_no_error (error);
  state = g_build_filename (dir, "nested", "sandbox.json", NULL);
  f.session = soup_session_new_with_options ("timeout", 20, NULL);
  fixture_start (&f, state);
  g_assert_true (g_file_test (state, G_FILE_TEST_IS_REGULAR));
  token = g_strdup (bottega_sandbox_get_token (f.sandbox));

  {
    g_autoptr(GPtrArray) all = all_conversations (&f);
    JsonObject *conv = replyable_whatsapp (&f, all);
    GBytes *files[] = { file };
    const char *names[] = { "nota.txt" };
    const char *types[] = { "text/plain" };
    g_autofree char *ct = NULL;
    g_autoptr(GBytes) body = multipart_body ("Messaggio che sopravvive", 1, files, names, types, &ct);
    g_auto(Reply) r = { 0 };
    g_autoptr(JsonNode) node = NULL;
    const char *data_url;

    cid = json_object_get_int_member (conv, "id");
    url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", cid);
    r = request_full (&f, "POST", url, token, ct, body, TRUE);
    g_assert_cmpuint (r.status, ==, 200);
    node = parse_reply (&r);
    last_id = json_object_get_int_member (json_node_get_object (node), "id");
    data_url = json_object_get_string_member (json_array_get_object_element (
                 json_object_get_array_member (json_node_get_object (node), "attachments"), 0), "data_url");
    /* the port changes on restart; keep the path */
    data_url_path = g_strdup (strstr (data_url, "/rails/"));
  }
  bottega_sandbox_set_token (f.sandbox, "token-after-restart");
  bottega_sandbox_stop (f.sandbox);
  g_clear_object (&f.sandbox);

  fixture_start (&f, state);
  g_assert_cmpstr (bottega_sandbox_get_token (f.sandbox), ==, "token-after-restart");
  g_assert_cmpuint (bottega_sandbox_get_n_conversations (f.sandbox), ==, 60);
  g_assert_cmpuint (bottega_sandbox_count_messages (f.sandbox, cid, "Messaggio che sopravvive"), ==, 1);
  {
    g_autoptr(GBytes) back = fetch (&f, data_url_path, NULL, NULL);

    g_assert_true (g_bytes_equal (back, file));
  }
  {
    g_autoptr(JsonNode) node = send_json (&f, "POST", url, "{\"content\":\"E questo dopo\"}", 200);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "id"), ==, last_id + 1);
  }
  /* a change made without any request is saved too */
  g_assert_cmpint (bottega_sandbox_add_incoming_message (f.sandbox, cid, "Grazie!"), ==, last_id + 2);
  bottega_sandbox_stop (f.sandbox);
  g_clear_object (&f.sandbox);

  f.sandbox = bottega_sandbox_new (state, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_sandbox_count_messages (f.sandbox, cid, "E questo dopo"), ==, 1);
  g_assert_cmpuint (bottega_sandbox_count_messages (f.sandbox, cid, "Grazie!"), >=, 1);

  fixture_teardown (&f, NULL);
  {
    g_autofree char *blobs = g_strconcat (state, ".files", NULL);
    g_autoptr(GDir) d = g_dir_open (blobs, 0, NULL);
    const char *name;
    g_autofree char *nested = g_build_filename (dir, "nested", NULL);

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (blobs, name, NULL);

        g_assert_cmpint (g_unlink (path), ==, 0);
      }
    g_rmdir (blobs);
    g_assert_cmpint (g_unlink (state), ==, 0);
    g_assert_cmpint (g_rmdir (nested), ==, 0);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
  }
}

static void
test_corrupt_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bottega-sandbox-XXXXXX", &error);
  g_autofree char *state = g_build_filename (dir, "sandbox.json", NULL);
  g_autoptr(BottegaSandbox) sandbox = NULL;

  g_assert_true (g_file_set_contents (state, "{\"version\":1,\"conversations\":[", -1, &error));
  sandbox = bottega_sandbox_new (state, &error);
  g_assert_null (sandbox);
  g_assert_nonnull (error);
  g_unlink (state);
  g_rmdir (dir);
}

/* ---- /cable ---- */

typedef struct {
  SoupSession             *session;
  SoupWebsocketConnection *ws;
  GPtrArray               *frames;   /* JsonObject, everything received */
  guint                    cursor;   /* frames before it were already waited for */
  gboolean                 closed;
  gboolean                 connect_done;
  GError                  *connect_error;
  guint                    connect_status;
} Cable;

static void
cable_free (Cable *c)
{
  if (c->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (c->ws, c);
      if (soup_websocket_connection_get_state (c->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (c->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  g_clear_object (&c->ws);
  g_clear_object (&c->session);
  g_clear_pointer (&c->frames, g_ptr_array_unref);
  g_clear_error (&c->connect_error);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Cable, cable_free)

static void
cable_message_cb (SoupWebsocketConnection *ws,
                  gint                     type,
                  GBytes                  *bytes,
                  gpointer                 user_data)
{
  Cable *c = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  json_parser_load_from_data (parser, data, (gssize) len, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  g_ptr_array_add (c->frames, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
}

static void
cable_closed_cb (SoupWebsocketConnection *ws,
                 gpointer                 user_data)
{
  Cable *c = user_data;

  c->closed = TRUE;
}

static void
cable_connected_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Cable *c = user_data;

  c->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &c->connect_error);
  c->connect_done = TRUE;
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the test's main context until *done or @timeout_ms pass; returns *done. */
static gboolean
iterate_until (gboolean *done,
               guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, flag_cb, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *done;
}

/* A websocket to /cable; check c->ws / c->connect_error / c->connect_status. */
static Cable *
cable_try_open (const char *base_url)
{
  Cable *c = g_new0 (Cable, 1);
  g_autofree char *url = g_strdup_printf ("%s/cable", base_url);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  char *protocols[] = { (char *) "actioncable-v1-json", NULL };

  c->session = soup_session_new ();
  c->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  soup_session_websocket_connect_async (c->session, msg, NULL, protocols, G_PRIORITY_DEFAULT, NULL,
                                        cable_connected_cb, c);
  g_assert_true (iterate_until (&c->connect_done, 10000));
  c->connect_status = soup_message_get_status (msg);
  if (c->ws != NULL)
    {
      g_signal_connect (c->ws, "message", G_CALLBACK (cable_message_cb), c);
      g_signal_connect (c->ws, "closed", G_CALLBACK (cable_closed_cb), c);
    }
  return c;
}

static Cable *
cable_open (Fixture *f)
{
  Cable *c = cable_try_open (bottega_sandbox_get_url (f->sandbox));

  g_assert_no_error (c->connect_error);
  g_assert_nonnull (c->ws);
  g_assert_cmpstr (soup_websocket_connection_get_protocol (c->ws), ==, "actioncable-v1-json");
  return c;
}

static void
cable_send (Cable      *c,
            const char *command,
            const char *identifier,
            const char *data)
{
  JsonObject *o = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_object_set_string_member (o, "command", command);
  json_object_set_string_member (o, "identifier", identifier);
  if (data != NULL)
    json_object_set_string_member (o, "data", data);
  node = json_node_init_object (json_node_alloc (), o);
  json_object_unref (o);
  text = json_to_string (node, FALSE);
  soup_websocket_connection_send_text (c->ws, text);
}

/* "welcome", "ping", "confirm_subscription", or the event's name. */
static const char *
frame_kind (JsonObject *frame)
{
  if (json_object_has_member (frame, "type"))
    return json_object_get_string_member (frame, "type");
  if (json_object_has_member (frame, "message") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (frame, "message")))
    return json_object_get_string_member_with_default (json_object_get_object_member (frame, "message"), "event", NULL);
  return NULL;
}

static JsonObject *
frame_data (JsonObject *frame)
{
  return json_object_get_object_member (json_object_get_object_member (frame, "message"), "data");
}

/* The next frame of @kind (about message @message_id when not 0), waiting
 * up to 10 s; frames skipped over stay in c->frames. */
static JsonObject *
cable_wait (Cable      *c,
            const char *kind,
            gint64      message_id)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (10000, flag_cb, &timed_out);

  for (;;)
    {
      for (; c->cursor < c->frames->len; c->cursor++)
        {
          JsonObject *frame = g_ptr_array_index (c->frames, c->cursor);

          if (g_strcmp0 (frame_kind (frame), kind) != 0)
            continue;
          if (message_id != 0 && json_object_get_int_member_with_default (frame_data (frame), "id", 0) != message_id)
            continue;
          c->cursor++;
          g_source_remove (id);
          return frame;
        }
      if (timed_out)
        g_error ("No %s frame arrived", kind);
      g_main_context_iteration (NULL, TRUE);
    }
}

static JsonObject *
profile (Fixture *f)
{
  g_autoptr(JsonNode) node = get_json (f, "/api/v1/profile");

  return json_object_ref (json_node_get_object (node));
}

static char *
room_identifier (Fixture    *f,
                 const char *token,
                 gint64      user_id)
{
  /* Spaces and key order as a client might write them: echoed verbatim. */
  return g_strdup_printf ("{\"channel\": \"RoomChannel\", \"pubsub_token\": \"%s\", \"account_id\": %" G_GINT64_FORMAT
                          ", \"user_id\": %" G_GINT64_FORMAT "}",
                          token, bottega_sandbox_get_account_id (f->sandbox), user_id);
}

/* A confirmed RoomChannel subscription; returns its identifier. */
static char *
cable_subscribe (Fixture *f,
                 Cable   *c)
{
  g_autoptr(JsonObject) me = profile (f);
  char *identifier = room_identifier (f, json_object_get_string_member (me, "pubsub_token"),
                                      json_object_get_int_member (me, "id"));
  JsonObject *confirm;

  cable_send (c, "subscribe", identifier, NULL);
  confirm = cable_wait (c, "confirm_subscription", 0);
  g_assert_cmpstr (json_object_get_string_member (confirm, "identifier"), ==, identifier);
  return identifier;
}

static void
test_cable_subscribe (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(Cable) c = cable_open (f);
  g_autoptr(JsonObject) me = profile (f);
  const char *token = json_object_get_string_member (me, "pubsub_token");
  gint64 user_id = json_object_get_int_member (me, "id");
  g_autofree char *wrong_token = room_identifier (f, "not-the-token", user_id);
  g_autofree char *wrong_user = room_identifier (f, token, user_id + 1);
  g_autofree char *right = room_identifier (f, token, user_id);
  g_autofree char *uid = g_strdup_printf ("%" G_GINT64_FORMAT, user_id);
  JsonObject *frame, *presence;

  /* the welcome comes first */
  cable_wait (c, "welcome", 0);
  g_assert_cmpuint (c->cursor, ==, 1);
  g_assert_cmpuint (bottega_sandbox_get_n_websockets (f->sandbox), ==, 1);

  /* wrong credentials get no answer at all: the right subscription sent
   * after them is answered, and nothing came for them before it */
  cable_send (c, "subscribe", wrong_token, NULL);
  cable_send (c, "subscribe", wrong_user, NULL);
  cable_send (c, "subscribe", "{\"channel\":\"NotificationChannel\"}", NULL);
  cable_send (c, "subscribe", right, NULL);
  frame = cable_wait (c, "confirm_subscription", 0);
  g_assert_cmpstr (json_object_get_string_member (frame, "identifier"), ==, right);
  for (guint i = 0; i < c->frames->len; i++)
    {
      JsonObject *other = g_ptr_array_index (c->frames, i);

      if (json_object_has_member (other, "identifier"))
        g_assert_cmpstr (json_object_get_string_member (other, "identifier"), ==, right);
    }

  /* presence */
  cable_send (c, "message", right, "{\"action\":\"update_presence\"}");
  frame = cable_wait (c, "presence.update", 0);
  g_assert_cmpstr (json_object_get_string_member (frame, "identifier"), ==, right);
  presence = frame_data (frame);
  g_assert_cmpint (json_object_get_int_member (presence, "account_id"), ==, bottega_sandbox_get_account_id (f->sandbox));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (presence, "users"), uid), ==, "online");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (presence, "contacts")));

  /* the heartbeat: a ping with the server's epoch */
  frame = cable_wait (c, "ping", 0);
  g_assert_cmpint (json_object_get_int_member (frame, "message"), >, 1700000000);
}

static JsonObject *
email_conversation (Fixture   *f,
                    GPtrArray *all)
{
  JsonObject *c = find_conversation (all, "open", "Channel::Email", -1);

  g_assert_nonnull (c);
  return c;
}

static void
test_cable_events (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Cable) c = cable_open (f);
  g_autofree char *identifier = cable_subscribe (f, c);
  g_autoptr(GPtrArray) all = all_conversations (f);
  JsonObject *conv = email_conversation (f, all);
  gint64 cid = json_object_get_int_member (conv, "id");
  gint64 account_id = bottega_sandbox_get_account_id (f->sandbox);
  g_autofree char *url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", cid);
  g_autofree char *toggle = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/toggle_status", cid);
  g_autoptr(JsonObject) profile_me = profile (f);
  JsonObject *frame, *m, *mc;
  gint64 id, created;

  /* a customer writes */
  id = bottega_sandbox_add_incoming_message (f->sandbox, cid, "Avete la taglia M?");
  frame = cable_wait (c, "message.created", id);
  g_assert_cmpstr (json_object_get_string_member (frame, "identifier"), ==, identifier);
  m = frame_data (frame);
  g_assert_cmpstr (json_object_get_string_member (m, "content"), ==, "Avete la taglia M?");
  g_assert_cmpint (json_object_get_int_member (m, "account_id"), ==, account_id);
  g_assert_cmpint (json_object_get_int_member (m, "conversation_id"), ==, cid);
  g_assert_cmpint (json_object_get_int_member (m, "message_type"), ==, 0);
  g_assert_true (holds_type (m, "created_at", G_TYPE_INT64));
  g_assert_true (holds_type (m, "updated_at", G_TYPE_STRING));
  g_assert_false (json_object_has_member (m, "echo_id"));
  mc = json_object_get_object_member (m, "conversation");
  g_assert_cmpint (json_object_get_int_member (mc, "unread_count"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (mc, "last_activity_at"), ==, json_object_get_int_member (m, "created_at"));
  g_assert_true (json_object_has_member (mc, "assignee_id"));
  g_assert_true (json_object_has_member (json_object_get_object_member (mc, "contact_inbox"), "source_id"));

  /* an agent answers through the API, with an echo_id */
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, "{\"content\":\"Sì, certo!\",\"echo_id\":\"e-42\"}", 200);

    created = json_object_get_int_member (json_node_get_object (node), "id");
  }
  frame = cable_wait (c, "message.created", created);
  m = frame_data (frame);
  g_assert_cmpstr (json_object_get_string_member (m, "echo_id"), ==, "e-42");
  g_assert_cmpstr (json_object_get_string_member (m, "content"), ==, "Sì, certo!");
  g_assert_cmpint (json_object_get_int_member (m, "message_type"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (m, "account_id"), ==, account_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (m, "sender"), "type"), ==, "user");

  /* a receipt */
  bottega_sandbox_set_message_status (f->sandbox, created, "delivered", NULL);
  frame = cable_wait (c, "message.updated", created);
  m = frame_data (frame);
  g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "delivered");
  {
    JsonArray *change = json_object_get_array_member (json_object_get_object_member (m, "previous_changes"), "status");

    g_assert_cmpstr (json_array_get_string_element (change, 0), ==, "sent");
    g_assert_cmpstr (json_array_get_string_element (change, 1), ==, "delivered");
  }
  g_assert_cmpint (json_object_get_int_member (m, "account_id"), ==, account_id);

  /* resolving */
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", toggle, "{\"status\":\"resolved\"}", 200);
  }
  frame = cable_wait (c, "conversation.status_changed", 0);
  m = frame_data (frame);
  g_assert_cmpint (json_object_get_int_member (m, "id"), ==, cid);
  g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "resolved");
  g_assert_cmpint (json_object_get_int_member (m, "account_id"), ==, account_id);
  g_assert_false (json_object_has_member (m, "muted"));
  g_assert_false (json_object_has_member (m, "uuid"));
  g_assert_true (holds_type (m, "first_reply_created_at", G_TYPE_STRING));
  g_assert_true (holds_type (m, "updated_at", G_TYPE_DOUBLE));
  g_assert_cmpstr (json_object_get_string_member (m, "channel"), ==, "Channel::Email");
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (m, "messages")), ==, 1);
  frame = cable_wait (c, "conversation.updated", 0);
  g_assert_cmpstr (json_object_get_string_member (frame_data (frame), "status"), ==, "resolved");
  /* the activity line follows */
  frame = cable_wait (c, "message.created", 0);
  g_assert_cmpint (json_object_get_int_member (frame_data (frame), "message_type"), ==, 2);

  /* assigning */
  {
    g_autofree char *assign = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/assignments", cid);
    g_autofree char *body = g_strdup_printf ("{\"assignee_id\":%" G_GINT64_FORMAT "}",
                                             json_object_get_int_member (profile_me, "id"));
    g_autoptr(JsonNode) node = send_json (f, "POST", assign, body, 200);
  }
  frame = cable_wait (c, "assignee.changed", 0);
  m = frame_data (frame);
  g_assert_cmpint (json_object_get_int_member (m, "id"), ==, cid);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (m, "meta"),
                                                                              "assignee"), "id"),
                   ==, json_object_get_int_member (profile_me, "id"));

  /* every event went to the one subscription */
  for (guint i = 0; i < c->frames->len; i++)
    {
      JsonObject *other = g_ptr_array_index (c->frames, i);

      if (json_object_has_member (other, "message") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (other, "message")))
        g_assert_cmpstr (json_object_get_string_member (other, "identifier"), ==, identifier);
    }
}

static void
test_cable_drop (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Cable) c = cable_open (f);
  g_autofree char *identifier = cable_subscribe (f, c);
  gboolean accepted = FALSE;

  g_assert_cmpuint (bottega_sandbox_get_n_websockets (f->sandbox), ==, 1);
  bottega_sandbox_drop_websockets (f->sandbox, 1);
  g_assert_cmpuint (bottega_sandbox_get_n_websockets (f->sandbox), ==, 0);
  g_assert_true (iterate_until (&c->closed, 10000));

  /* reconnecting is refused for a while… */
  {
    g_autoptr(Cable) again = cable_try_open (bottega_sandbox_get_url (f->sandbox));

    g_assert_null (again->ws);
    g_assert_nonnull (again->connect_error);
    g_assert_cmpuint (again->connect_status, ==, 503);
  }
  /* …then accepted again */
  for (int i = 0; i < 50 && !accepted; i++)
    {
      g_autoptr(Cable) again = NULL;

      g_usleep (100 * 1000);
      again = cable_try_open (bottega_sandbox_get_url (f->sandbox));
      if (again->ws != NULL)
        {
          accepted = TRUE;
          cable_wait (again, "welcome", 0);
          g_free (cable_subscribe (f, again));
          g_assert_cmpuint (bottega_sandbox_get_n_websockets (f->sandbox), ==, 1);
        }
      else
        g_assert_cmpuint (again->connect_status, ==, 503);
    }
  g_assert_true (accepted);
}

static void
test_cable_receipts (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Cable) c = cable_open (f);
  g_autofree char *identifier = cable_subscribe (f, c);
  g_autoptr(GPtrArray) all = all_conversations (f);
  JsonObject *open = replyable_whatsapp (f, all);
  g_autofree char *url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", json_object_get_int_member (open, "id"));
  const char *expected[] = { "delivered", "read" };
  JsonObject *frame;
  gint64 id;

  bottega_sandbox_set_demo_mode (f->sandbox, TRUE);
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, "{\"content\":\"Spedito!\",\"echo_id\":\"r-1\"}", 200);

    id = json_object_get_int_member (json_node_get_object (node), "id");
  }
  frame = cable_wait (c, "message.created", id);
  g_assert_cmpstr (json_object_get_string_member (frame_data (frame), "status"), ==, "sent");
  /* Meta's id arrives, then the receipts, in order */
  frame = cable_wait (c, "message.updated", id);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (frame_data (frame), "source_id"), "wamid."));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonArray *change;

      frame = cable_wait (c, "message.updated", id);
      g_assert_cmpstr (json_object_get_string_member (frame_data (frame), "status"), ==, expected[i]);
      change = json_object_get_array_member (json_object_get_object_member (frame_data (frame), "previous_changes"), "status");
      g_assert_cmpstr (json_array_get_string_element (change, 1), ==, expected[i]);
    }
  bottega_sandbox_set_demo_mode (f->sandbox, FALSE);
  {
    g_autoptr(JsonNode) dump = bottega_sandbox_dump_messages (f->sandbox, json_object_get_int_member (open, "id"));
    JsonArray *messages = json_node_get_array (dump);
    JsonObject *m = json_array_get_object_element (messages, json_array_get_length (messages) - 1);

    g_assert_cmpint (json_object_get_int_member (m, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "read");
  }
}

static void
test_cable_new_conversation (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(Cable) c = cable_open (f);
  g_autofree char *identifier = cable_subscribe (f, c);
  g_autoptr(GPtrArray) all = all_conversations (f);
  JsonObject *email = email_conversation (f, all);
  gint64 contact_id = json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (email, "meta"),
                                                                                "sender"), "id");
  gint64 inbox_id = json_object_get_int_member (email, "inbox_id");
  guint before = bottega_sandbox_get_n_conversations (f->sandbox);
  g_autofree char *body = g_strdup_printf ("{\"inbox_id\":%" G_GINT64_FORMAT ",\"contact_id\":%" G_GINT64_FORMAT ","
                                           "\"message\":{\"content\":\"Le scriviamo per il suo reso\"}}",
                                           inbox_id, contact_id);
  g_autoptr(JsonNode) node = send_json (f, "POST", "conversations", body, 200);
  JsonObject *conv = json_node_get_object (node);
  gint64 cid = json_object_get_int_member (conv, "id");
  JsonObject *frame, *pushed;

  g_assert_cmpuint (bottega_sandbox_get_n_conversations (f->sandbox), ==, before + 1);
  g_assert_cmpint (json_object_get_int_member (conv, "inbox_id"), ==, inbox_id);
  g_assert_cmpstr (json_object_get_string_member (conv, "status"), ==, "open");

  frame = cable_wait (c, "conversation.created", 0);
  pushed = frame_data (frame);
  g_assert_cmpint (json_object_get_int_member (pushed, "id"), ==, cid);
  g_assert_cmpint (json_object_get_int_member (pushed, "account_id"), ==, bottega_sandbox_get_account_id (f->sandbox));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (pushed, "meta"),
                                                                              "sender"), "id"), ==, contact_id);
  g_assert_true (json_object_get_null_member (pushed, "first_reply_created_at"));
  frame = cable_wait (c, "message.created", 0);
  g_assert_cmpint (json_object_get_int_member (frame_data (frame), "conversation_id"), ==, cid);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, cid, "Le scriviamo per il suo reso"), ==, 1);

  /* bad requests */
  {
    g_autoptr(JsonNode) missing = send_json (f, "POST", "conversations", "{\"contact_id\":1}", 422);
    g_autoptr(JsonNode) unknown = send_json (f, "POST", "conversations", "{\"inbox_id\":1,\"contact_id\":999999}", 404);
  }
}

/* ---- realtime faults ---- */

typedef struct {
  gboolean  done;
  GBytes   *body;
  GError   *error;
  guint     status;
} Pending;

static void
pending_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Pending *p = user_data;

  p->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &p->error);
  p->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  p->done = TRUE;
}

static void
test_fault_latency (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("%s/labels", f->api);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Pending p = { 0 };
  gboolean waited = FALSE;

  bottega_sandbox_set_latency (f->sandbox, 1500);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "api_access_token",
                                bottega_sandbox_get_token (f->sandbox));
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, pending_done_cb, &p);

  /* the server has the request, and holds it */
  g_timeout_add (200, flag_cb, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (p.done);
  g_assert_cmpuint (bottega_sandbox_get_request_count (f->sandbox), >=, 1);

  g_assert_true (iterate_until (&p.done, 15000));
  g_assert_no_error (p.error);
  g_assert_cmpuint (p.status, ==, 200);
  g_clear_pointer (&p.body, g_bytes_unref);

  bottega_sandbox_set_latency (f->sandbox, 0);
  {
    g_autoptr(JsonNode) node = get_json (f, "labels");
  }
}

/* POST a message; the error (if the connection dropped) goes to @error. */
static guint
post_message (Fixture     *f,
              const char  *url,
              const char  *content,
              const char  *echo_id,
              GError     **error)
{
  g_autofree char *full = g_strdup_printf ("%s/%s", f->api, url);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", full);
  g_autofree char *json = g_strdup_printf ("{\"content\":\"%s\",\"echo_id\":\"%s\"}", content, echo_id);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) reply = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "api_access_token",
                                bottega_sandbox_get_token (f->sandbox));
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = soup_session_send_and_read (f->session, msg, NULL, error);
  return reply ? soup_message_get_status (msg) : 0;
}

static void
test_fault_drop_after_commit (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(Cable) c = cable_open (f);
  g_autofree char *identifier = cable_subscribe (f, c);
  g_autoptr(GPtrArray) all = all_conversations (f);
  gint64 cid = json_object_get_int_member (email_conversation (f, all), "id");
  g_autofree char *url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", cid);
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  bottega_sandbox_drop_after_commit_next (f->sandbox, 1);
  g_assert_cmpuint (post_message (f, url, "Spedito oggi", "drop-1", &error), ==, 0);
  g_assert_nonnull (error);

  /* the message is there, once, and was broadcast */
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, cid, "Spedito oggi"), ==, 1);
  while (!found)
    {
      JsonObject *frame = cable_wait (c, "message.created", 0);

      found = g_strcmp0 (json_object_get_string_member_with_default (frame_data (frame), "echo_id", NULL), "drop-1") == 0;
    }

  /* only the next one */
  g_clear_error (&error);
  g_assert_cmpuint (post_message (f, url, "Spedito ieri", "drop-2", &error), ==, 200);
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, cid, "Spedito ieri"), ==, 1);
}

/* The outcome of each of @n POSTs: 'o' ok, 'd' dropped, 'e' 500. */
static char *
post_pattern (Fixture    *f,
              const char *url,
              const char *prefix,
              guint       n)
{
  GString *pattern = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *content = g_strdup_printf ("%s %u", prefix, i);
      g_autoptr(GError) error = NULL;
      guint status = post_message (f, url, content, content, &error);

      if (status == 200)
        g_string_append_c (pattern, 'o');
      else if (status == 500)
        g_string_append_c (pattern, 'e');
      else
        {
          g_assert_cmpuint (status, ==, 0);
          g_assert_nonnull (error);
          g_string_append_c (pattern, 'd');
        }
    }
  return g_string_free (pattern, FALSE);
}

static void
test_fault_post_random (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) all = all_conversations (f);
  gint64 cid = json_object_get_int_member (email_conversation (f, all), "id");
  g_autofree char *url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", cid);
  g_autofree char *pattern = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  guint ok = 0, dropped = 0, failed = 0;

  bottega_sandbox_set_post_faults (f->sandbox, 0.2, 0.2, 42);
  pattern = post_pattern (f, url, "prova", 200);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *content = g_strdup_printf ("prova %u", i);
      guint count = bottega_sandbox_count_messages (f->sandbox, cid, content);

      switch (pattern[i])
        {
        case 'o': ok++; g_assert_cmpuint (count, ==, 1); break;
        case 'd': dropped++; g_assert_cmpuint (count, ==, 1); break;
        default: failed++; g_assert_cmpuint (count, ==, 0); break;
        }
    }
  /* 40 of each expected; far from either end */
  g_assert_cmpuint (dropped, >=, 15);
  g_assert_cmpuint (dropped, <=, 70);
  g_assert_cmpuint (failed, >=, 15);
  g_assert_cmpuint (failed, <=, 70);
  g_assert_cmpuint (ok, >=, 80);

  /* the same seed, the same faults; other requests don't consume them */
  bottega_sandbox_set_post_faults (f->sandbox, 0.2, 0.2, 7);
  first = post_pattern (f, url, "seme", 20);
  bottega_sandbox_set_post_faults (f->sandbox, 0.2, 0.2, 7);
  {
    g_autoptr(JsonNode) node = get_json (f, "labels");
  }
  again = post_pattern (f, url, "seme bis", 20);
  g_assert_cmpstr (first, ==, again);

  /* and off */
  bottega_sandbox_set_post_faults (f->sandbox, 0, 0, 0);
  g_free (again);
  again = post_pattern (f, url, "normale", 20);
  g_assert_cmpstr (again, ==, "oooooooooooooooooooo");
}

static void
test_fault_rate_limit (Fixture       *f,
                       gconstpointer  data)
{
  gboolean recovered = FALSE;

  bottega_sandbox_rate_limit_for (f->sandbox, 1);
  for (int i = 0; i < 3; i++)
    {
      g_auto(Reply) r = request (f, "GET", i == 0 ? "labels" : "/api/v1/profile", NULL);
      g_autofree char *text = body_text (&r);

      g_assert_cmpuint (r.status, ==, 429);
      g_assert_cmpstr (text, ==, "Retry later\n");
      g_assert_cmpstr (soup_message_headers_get_content_type (r.headers, NULL), ==, "text/plain");
      g_assert_null (soup_message_headers_get_one (r.headers, "Retry-After"));
    }
  /* a POST is throttled before it does anything */
  {
    g_auto(Reply) r = request (f, "POST", "conversations/1/messages", "{\"content\":\"troppo presto\"}");

    g_assert_cmpuint (r.status, ==, 429);
    g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, 1, "troppo presto"), ==, 0);
  }
  /* the window closes */
  for (int i = 0; i < 60 && !recovered; i++)
    {
      g_auto(Reply) r = request (f, "GET", "labels", NULL);

      if (r.status == 200)
        recovered = TRUE;
      else
        {
          g_assert_cmpuint (r.status, ==, 429);
          g_usleep (100 * 1000);
        }
    }
  g_assert_true (recovered);
}

static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Cable) c = cable_open (f);
  g_autofree char *identifier = cable_subscribe (f, c);
  g_autofree char *url_before = g_strdup (bottega_sandbox_get_url (f->sandbox));
  g_autoptr(GPtrArray) all = all_conversations (f);
  gint64 cid = json_object_get_int_member (email_conversation (f, all), "id");
  g_autofree char *url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", cid);

  {
    g_autoptr(JsonNode) node = send_json (f, "POST", url, "{\"content\":\"Prima del riavvio\"}", 200);
  }
  g_assert_true (bottega_sandbox_restart (f->sandbox, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bottega_sandbox_get_url (f->sandbox), ==, url_before);

  /* websockets are gone; the shop is not */
  g_assert_true (iterate_until (&c->closed, 10000));
  {
    g_autoptr(JsonNode) node = get_json (f, url);
    JsonArray *payload = json_object_get_array_member (json_node_get_object (node), "payload");
    guint n = 0;

    for (guint i = 0; i < json_array_get_length (payload); i++)
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (payload, i), "content"),
                     "Prima del riavvio") == 0)
        n++;
    g_assert_cmpuint (n, ==, 1);
  }
  /* and /cable is back */
  {
    g_autoptr(Cable) again = cable_open (f);

    g_free (cable_subscribe (f, again));
  }
}

/* ---- retry ---- */

static void
test_retry (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(Cable) c = cable_open (f);
  g_autofree char *identifier = cable_subscribe (f, c);
  g_autoptr(GPtrArray) all = all_conversations (f);
  JsonObject *closed = find_conversation (all, "open", "Channel::Whatsapp", FALSE);
  JsonObject *open = replyable_whatsapp (f, all);
  g_autofree char *closed_url = NULL;
  g_autofree char *open_url = NULL;
  g_autofree char *retry_url = NULL;
  JsonObject *frame, *changes;
  gint64 id;

  g_assert_nonnull (closed);
  closed_url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", json_object_get_int_member (closed, "id"));
  open_url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", json_object_get_int_member (open, "id"));

  /* outside the window it fails, and fails again */
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", closed_url, "{\"content\":\"Ci sei?\"}", 200);

    id = json_object_get_int_member (json_node_get_object (node), "id");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"), ==, "failed");
  }
  retry_url = g_strdup_printf ("%s/%" G_GINT64_FORMAT "/retry", closed_url, id);
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", retry_url, NULL, 200);
    JsonObject *m = json_node_get_object (node);

    g_assert_cmpint (json_object_get_int_member (m, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "sent");
    g_assert_cmpuint (json_object_get_size (json_object_get_object_member (m, "content_attributes")), ==, 0);
  }
  frame = cable_wait (c, "message.updated", id);
  changes = json_object_get_object_member (frame_data (frame), "previous_changes");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (changes, "status"), 1), ==, "sent");
  frame = cable_wait (c, "message.updated", id);
  g_assert_cmpstr (json_object_get_string_member (frame_data (frame), "status"), ==, "failed");
  {
    g_autoptr(JsonNode) dump = bottega_sandbox_dump_messages (f->sandbox, json_object_get_int_member (closed, "id"));
    JsonArray *messages = json_node_get_array (dump);
    JsonObject *m = json_array_get_object_element (messages, json_array_get_length (messages) - 1);

    g_assert_cmpint (json_object_get_int_member (m, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "failed");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (m, "content_attributes"), "external_error"),
                     ==, "Template not found or invalid template name");
  }

  /* inside the window a failed message goes out on retry */
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", open_url, "{\"content\":\"Riprova\"}", 200);

    id = json_object_get_int_member (json_node_get_object (node), "id");
  }
  bottega_sandbox_set_message_status (f->sandbox, id, "failed", "131026: Message undeliverable");
  g_free (retry_url);
  retry_url = g_strdup_printf ("%s/%" G_GINT64_FORMAT "/retry", open_url, id);
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", retry_url, NULL, 200);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"), ==, "sent");
  }
  {
    g_autoptr(JsonNode) dump = bottega_sandbox_dump_messages (f->sandbox, json_object_get_int_member (open, "id"));
    JsonArray *messages = json_node_get_array (dump);
    JsonObject *m = json_array_get_object_element (messages, json_array_get_length (messages) - 1);

    g_assert_cmpint (json_object_get_int_member (m, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "sent");
    g_assert_false (json_object_has_member (json_object_get_object_member (m, "content_attributes"), "external_error"));
    g_assert_true (g_str_has_prefix (json_object_get_string_member (m, "source_id"), "wamid."));
  }

  /* unknown messages */
  {
    g_autofree char *missing = g_strdup_printf ("%s/999999999/retry", open_url);
    g_autoptr(JsonNode) node = send_json (f, "POST", missing, NULL, 404);
  }
}

/* ---- /_sandbox/ ---- */

static void
test_control (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) all = all_conversations (f);
  gint64 cid = json_object_get_int_member (email_conversation (f, all), "id");
  g_autofree char *incoming = g_strdup_printf ("{\"conversation_id\":%" G_GINT64_FORMAT ",\"content\":\"Dal controllo\"}", cid);
  g_autofree char *count_url = g_strdup_printf ("/_sandbox/messages?conversation_id=%" G_GINT64_FORMAT
                                                "&content=Dal%%20controllo", cid);
  guint before = bottega_sandbox_get_request_count (f->sandbox);

  /* auth, unknown paths, bad bodies */
  {
    g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
    g_auto(Reply) r = request_full (f, "POST", "/_sandbox/faults", "wrong", "application/json", body, TRUE);

    g_assert_cmpuint (r.status, ==, 401);
  }
  {
    g_auto(Reply) r = request (f, "POST", "/_sandbox/nothing", "{}");

    g_assert_cmpuint (r.status, ==, 404);
  }
  {
    g_auto(Reply) r = request (f, "GET", "/_sandbox/incoming", NULL);

    g_assert_cmpuint (r.status, ==, 404);
  }
  {
    g_autoptr(JsonNode) a = send_json (f, "POST", "/_sandbox/faults", "{\"latency_ms\":\"slow\"}", 422);
    g_autoptr(JsonNode) b = send_json (f, "POST", "/_sandbox/faults", "{\"drop_rate\":1.5}", 422);
    g_autoptr(JsonNode) c = send_json (f, "POST", "/_sandbox/incoming", "{\"content\":\"x\"}", 422);
    g_autoptr(JsonNode) d = send_json (f, "POST", "/_sandbox/websockets/drop", "[1]", 422);
    g_autoptr(JsonNode) e = send_json (f, "GET", "/_sandbox/messages?content=x", NULL, 422);
    g_autoptr(JsonNode) g = send_json (f, "POST", "/_sandbox/incoming",
                                       "{\"conversation_id\":999999,\"content\":\"x\"}", 404);
  }

  /* incoming + messages */
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", "/_sandbox/incoming", incoming, 200);
    gint64 id = json_object_get_int_member (json_node_get_object (node), "id");
    g_autoptr(JsonNode) dump = bottega_sandbox_dump_messages (f->sandbox, cid);
    JsonArray *messages = json_node_get_array (dump);
    JsonObject *last = json_array_get_object_element (messages, json_array_get_length (messages) - 1);

    g_assert_cmpint (json_object_get_int_member (last, "id"), ==, id);
    g_assert_cmpint (json_object_get_int_member (last, "message_type"), ==, 0);
  }
  {
    g_autoptr(JsonNode) node = send_json (f, "GET", count_url, NULL, 200);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "count"), ==, 1);
  }

  /* faults */
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", "/_sandbox/faults", "{\"fail_status\":503,\"fail_count\":1}", 200);
    g_auto(Reply) r = request (f, "GET", "labels", NULL);
    g_autoptr(JsonNode) after = get_json (f, "labels");

    g_assert_cmpuint (r.status, ==, 503);
  }
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", "/_sandbox/faults", "{\"rate_limit_seconds\":60}", 200);
    g_auto(Reply) r = request (f, "GET", "labels", NULL);
    g_autoptr(JsonNode) off = send_json (f, "POST", "/_sandbox/faults", "{\"rate_limit_seconds\":0}", 200);
    g_autoptr(JsonNode) after = get_json (f, "labels");

    g_assert_cmpuint (r.status, ==, 429);
  }
  {
    g_autofree char *url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", cid);
    g_autoptr(JsonNode) node = send_json (f, "POST", "/_sandbox/faults", "{\"drop_after_commit\":1}", 200);
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (post_message (f, url, "Perso per strada", "c-1", &error), ==, 0);
    g_assert_nonnull (error);
    g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, cid, "Perso per strada"), ==, 1);
  }
  {
    g_autofree char *url = g_strdup_printf ("conversations/%" G_GINT64_FORMAT "/messages", cid);
    g_autoptr(JsonNode) node = send_json (f, "POST", "/_sandbox/faults", "{\"error_rate\":1,\"seed\":5}", 200);
    g_autoptr(JsonNode) off = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (post_message (f, url, "Errore sicuro", "c-2", &error), ==, 500);
    g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, cid, "Errore sicuro"), ==, 0);
    off = send_json (f, "POST", "/_sandbox/faults", "{\"error_rate\":0,\"drop_rate\":0}", 200);
    g_assert_cmpuint (post_message (f, url, "Errore sicuro", "c-3", &error), ==, 200);
  }
  {
    g_autoptr(JsonNode) node = send_json (f, "POST", "/_sandbox/faults", "{\"latency_ms\":1}", 200);
    g_autoptr(JsonNode) after = get_json (f, "labels");
    g_autoptr(JsonNode) off = send_json (f, "POST", "/_sandbox/faults", "{\"latency_ms\":0}", 200);
  }

  /* websockets */
  {
    g_autoptr(Cable) c = cable_open (f);
    g_autoptr(JsonNode) node = NULL;

    cable_wait (c, "welcome", 0);
    node = send_json (f, "POST", "/_sandbox/websockets/drop", "{\"refuse_seconds\":0}", 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "dropped"), ==, 1);
    g_assert_true (iterate_until (&c->closed, 10000));
  }

  /* the controls are not API traffic */
  g_assert_cmpuint (bottega_sandbox_get_request_count (f->sandbox), <, before + 20);
}

/* ---- bottegactl sandbox ---- */

typedef struct {
  GSubprocess      *process;
  GDataInputStream *out;
  char             *url;
  char             *token;
  gint64            account_id;
} Cli;

static void
cli_stop (Cli *cli)
{
  if (cli->process != NULL)
    {
      g_subprocess_send_signal (cli->process, SIGTERM);
      g_subprocess_wait (cli->process, NULL, NULL);
    }
  g_clear_object (&cli->out);
  g_clear_object (&cli->process);
  g_clear_pointer (&cli->url, g_free);
  g_clear_pointer (&cli->token, g_free);
}

static char *
bottegactl_path (void)
{
  const char *env = g_getenv ("BOTTEGACTL");

  if (env != NULL)
    return g_strdup (env);
  return g_test_build_filename (G_TEST_BUILT, "..", "src", "bottegactl", NULL);
}

/* Starts `bottegactl sandbox @flags…`; FALSE when there is no bottegactl. */
static gboolean
cli_start (Cli                *cli,
           const char * const *flags)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *path = bottegactl_path ();
  g_autofree char *line = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, (char *) "sandbox");
  for (guint i = 0; flags[i]; i++)
    g_ptr_array_add (argv, (char *) flags[i]);
  g_ptr_array_add (argv, NULL);

  launcher = test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  cli->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  cli->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (cli->process));

  cli->url = g_data_input_stream_read_line_utf8 (cli->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cli->url, "http://127.0.0.1:"));
  line = g_data_input_stream_read_line_utf8 (cli->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "api_access_token: "));
  cli->token = g_strdup (line + strlen ("api_access_token: "));
  g_free (line);
  line = g_data_input_stream_read_line_utf8 (cli->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "account_id: "));
  cli->account_id = g_ascii_strtoll (line + strlen ("account_id: "), NULL, 10);
  return TRUE;
}

static guint
cli_request (Fixture    *f,
             Cli        *cli,
             const char *method,
             const char *path,
             const char *json,
             GError    **error)
{
  g_autofree char *url = g_strconcat (cli->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "api_access_token", cli->token);
  if (json != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  reply = soup_session_send_and_read (f->session, msg, NULL, error);
  return reply ? soup_message_get_status (msg) : 0;
}

static void
test_cli_flags (Fixture       *f,
                gconstpointer  data)
{
  Cli cli = { 0 };
  const char * const random[] = { "--latency", "10", "--drop-rate", "0.2", "--seed", "3", NULL };
  const char * const queued[] = { "--fail-status", "503", "--fail-count", "1", "--drop-after-commit", "1",
                                  "--ws-drop-every", "1", NULL };
  const char * const limited[] = { "--rate-limit-seconds", "60", "--error-rate", "1", NULL };
  g_autofree char *messages = NULL;
  guint ok = 0, dropped = 0;

  if (!cli_start (&cli, random))
    {
      g_test_skip ("bottegactl is not built");
      return;
    }
  messages = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/conversations/1/messages", cli.account_id);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"content\":\"cli %u\"}", i);
      g_autofree char *count = g_strdup_printf ("/_sandbox/messages?conversation_id=1&content=cli%%20%u", i);
      g_autoptr(GError) error = NULL;
      guint status = cli_request (f, &cli, "POST", messages, body, &error);
      g_autoptr(GError) count_error = NULL;

      if (status == 200)
        ok++;
      else
        {
          g_assert_cmpuint (status, ==, 0);
          dropped++;
        }
      g_assert_cmpuint (cli_request (f, &cli, "GET", count, NULL, &count_error), ==, 200);
    }
  g_assert_cmpuint (ok, >, 0);
  g_assert_cmpuint (dropped, >, 0);
  cli_stop (&cli);

  g_assert_true (cli_start (&cli, queued));
  {
    g_autofree char *labels = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "/labels", cli.account_id);
    g_autoptr(GError) error = NULL;
    g_autoptr(Cable) c = NULL;

    g_assert_cmpuint (cli_request (f, &cli, "GET", labels, NULL, &error), ==, 503);
    g_assert_cmpuint (cli_request (f, &cli, "GET", labels, NULL, &error), ==, 200);
    g_assert_cmpuint (cli_request (f, &cli, "POST", messages, "{\"content\":\"persa\"}", &error), ==, 0);
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_cmpuint (cli_request (f, &cli, "POST", messages, "{\"content\":\"arrivata\"}", &error), ==, 200);

    /* the websocket is dropped within a few seconds */
    for (int i = 0; i < 50 && c == NULL; i++)
      {
        c = cable_try_open (cli.url);
        if (c->ws == NULL)
          {
            g_clear_pointer (&c, cable_free);
            g_usleep (100 * 1000);
          }
      }
    g_assert_nonnull (c);
    g_assert_true (iterate_until (&c->closed, 10000));
  }
  cli_stop (&cli);

  g_assert_true (cli_start (&cli, limited));
  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (cli_request (f, &cli, "GET", "/api/v1/profile", NULL, &error), ==, 429);
  }
  cli_stop (&cli);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/sandbox/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("api/version", test_version);
  ADD ("api/profile", test_profile);
  ADD ("api/auth", test_auth);
  ADD ("api/set-token", test_token);
  ADD ("shop/inboxes-labels-agents-canned", test_inboxes_and_friends);
  ADD ("shop/deterministic", test_deterministic);
  ADD ("shop/demo-tick", test_demo_tick);
  ADD ("conversations/pages", test_conversation_pages);
  ADD ("conversations/filters", test_conversation_filters);
  ADD ("conversations/object", test_conversation_object);
  ADD ("conversations/updated-within", test_updated_within);
  ADD ("conversations/toggle-status", test_toggle_status);
  ADD ("conversations/update-last-seen", test_update_last_seen);
  ADD ("messages/paging", test_message_paging);
  ADD ("messages/attachments", test_attachments);
  ADD ("messages/create-json", test_create_json);
  ADD ("messages/create-multipart", test_create_multipart);
  ADD ("messages/window-and-templates", test_window_and_templates);
  ADD ("faults/429", test_fault_429);
  ADD ("faults/500", test_fault_500);
  ADD ("faults/malformed", test_fault_malformed);
  ADD ("faults/request-count", test_request_count);
  ADD ("faults/latency", test_fault_latency);
  ADD ("faults/drop-after-commit", test_fault_drop_after_commit);
  ADD ("faults/post-random", test_fault_post_random);
  ADD ("faults/rate-limit", test_fault_rate_limit);
  ADD ("cable/subscribe", test_cable_subscribe);
  ADD ("cable/events", test_cable_events);
  ADD ("cable/drop", test_cable_drop);
  ADD ("cable/receipts", test_cable_receipts);
  ADD ("cable/new-conversation", test_cable_new_conversation);
  ADD ("server/restart", test_restart);
  ADD ("messages/retry", test_retry);
  ADD ("control/endpoints", test_control);
  ADD ("cli/flags", test_cli_flags);
#undef ADD
  g_test_add_func ("/sandbox/persistence/restart", test_persistence);
  g_test_add_func ("/sandbox/persistence/corrupt", test_corrupt_state);

  return g_test_run ();
}
