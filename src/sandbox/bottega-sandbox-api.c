/* bottega-sandbox-api.c: the Chatwoot Application API over the demo shop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-sandbox"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "bottega-sandbox-private.h"

typedef struct {
  SandboxShop       *shop;
  const char        *base_url;
  SoupServerMessage *msg;
  const char        *method;
  char             **segments;
  guint              n_segments;
  GPtrArray         *query;       /* key, value, key, value, … */
  SandboxResponse   *response;
  double             now;
  SandboxAccount    *account;
} Request;

void
sandbox_response_clear (SandboxResponse *response)
{
  g_clear_pointer (&response->body, json_node_unref);
  g_clear_pointer (&response->location, g_free);
  g_clear_pointer (&response->raw, g_bytes_unref);
  g_clear_pointer (&response->raw_type, g_free);
  g_clear_pointer (&response->disposition, g_free);
}

/* ---- small helpers ---- */


static void
reply (Request  *r,
       guint     status,
       JsonNode *body)
{
  g_clear_pointer (&r->response->body, json_node_unref);
  r->response->status = status;
  r->response->body = body;
}

static void
reply_error (Request    *r,
             guint       status,
             const char *message)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "error", message);
  reply (r, status, sandbox_json_take_object (o));
}

static void
reply_not_found (Request *r)
{
  reply_error (r, 404, "Resource could not be found");
}

static GPtrArray *
parse_query (const char *query)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (query == NULL || *query == '\0')
    return pairs;
  parts = g_strsplit (query, "&", -1);
  for (guint i = 0; parts[i]; i++)
    {
      char *eq = strchr (parts[i], '=');
      g_autofree char *key = NULL, *value = NULL;

      if (*parts[i] == '\0')
        continue;
      g_strdelimit (parts[i], "+", ' ');
      key = eq ? g_strndup (parts[i], eq - parts[i]) : g_strdup (parts[i]);
      value = g_strdup (eq ? eq + 1 : "");
      g_ptr_array_add (pairs, g_uri_unescape_string (key, NULL));
      g_ptr_array_add (pairs, g_uri_unescape_string (value, NULL));
      if (pairs->pdata[pairs->len - 1] == NULL || pairs->pdata[pairs->len - 2] == NULL)
        g_ptr_array_set_size (pairs, pairs->len - 2);
    }
  return pairs;
}

static const char *
query_get (Request    *r,
           const char *key)
{
  const char *found = NULL;

  for (guint i = 0; i + 1 < r->query->len; i += 2)
    if (g_strcmp0 (g_ptr_array_index (r->query, i), key) == 0)
      found = g_ptr_array_index (r->query, i + 1);
  return found;
}

static gboolean
parse_int (const char *text,
           gint64     *out)
{
  guint64 value;

  if (text == NULL || *text == '\0')
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

static gboolean
node_to_int (JsonNode *node,
             gint64   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *out = (gint64) json_node_get_double (node);
      return TRUE;
    case G_TYPE_STRING:
      return parse_int (json_node_get_string (node), out);
    default:
      return FALSE;
    }
}

static void
replace_str (char       **slot,
             const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static gboolean
truthy (const char *text)
{
  return g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "1") == 0;
}

static gboolean
node_truthy (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return truthy (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  return FALSE;
}

/* The request's JSON object; an empty body is an empty object. */
static JsonObject *
request_json (Request  *r,
              gboolean *ok)
{
  SoupMessageBody *body = soup_server_message_get_request_body (r->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  *ok = TRUE;
  if (len == 0)
    return json_object_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *ok = FALSE;
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* ---- handlers ---- */

static void
handle_version (Request *r)
{
  JsonObject *o = json_object_new ();
  g_autofree char *now = sandbox_iso8601 (r->now);

  json_object_set_string_member (o, "version", SANDBOX_CHATWOOT_VERSION);
  json_object_set_string_member (o, "timestamp", now);
  json_object_set_string_member (o, "queue_services", "ok");
  json_object_set_string_member (o, "data_services", "ok");
  reply (r, 200, sandbox_json_take_object (o));
}

static void
handle_profile (Request *r)
{
  SandboxShop *shop = r->shop;
  SandboxAgent *me = sandbox_shop_find_agent (shop, shop->profile_id);
  JsonObject *o = json_object_new ();
  JsonArray *accounts = json_array_new ();
  g_autofree char *display = sandbox_agent_display_name (me);
  g_autofree char *hmac = g_compute_checksum_for_string (G_CHECKSUM_SHA256, shop->pubsub_token, -1);

  json_object_set_int_member (o, "id", me->id);
  json_object_set_string_member (o, "provider", "email");
  sandbox_json_set_str (o, "uid", me->email);
  sandbox_json_set_str (o, "name", me->name);
  sandbox_json_set_str (o, "display_name", display);
  sandbox_json_set_str (o, "available_name", me->name);
  sandbox_json_set_str (o, "email", me->email);
  json_object_set_string_member (o, "avatar_url", "");
  json_object_set_string_member (o, "type", "user");
  sandbox_json_set_str (o, "role", me->role);
  json_object_set_boolean_member (o, "confirmed", TRUE);
  sandbox_json_set_str (o, "access_token", shop->token);
  sandbox_json_set_str (o, "pubsub_token", shop->pubsub_token);
  json_object_set_int_member (o, "account_id", ((SandboxAccount *) g_ptr_array_index (shop->accounts, 0))->id);
  json_object_set_null_member (o, "inviter_id");
  json_object_set_null_member (o, "message_signature");
  json_object_set_object_member (o, "ui_settings", json_object_new ());
  json_object_set_object_member (o, "custom_attributes", json_object_new ());
  json_object_set_string_member (o, "hmac_identifier", hmac);
  for (guint i = 0; i < shop->accounts->len; i++)
    {
      SandboxAccount *a = g_ptr_array_index (shop->accounts, i);
      JsonObject *ao = json_object_new ();
      JsonArray *permissions = json_array_new ();
      g_autofree char *active = sandbox_iso8601 (r->now - 60);

      json_object_set_int_member (ao, "id", a->id);
      sandbox_json_set_str (ao, "name", a->name);
      sandbox_json_set_str (ao, "status", a->status);
      json_object_set_string_member (ao, "active_at", active);
      sandbox_json_set_str (ao, "role", me->role);
      json_array_add_string_element (permissions, me->role);
      json_object_set_array_member (ao, "permissions", permissions);
      json_object_set_string_member (ao, "availability", sandbox_agent_availability (me));
      json_object_set_string_member (ao, "availability_status", sandbox_agent_availability (me));
      json_object_set_boolean_member (ao, "auto_offline", TRUE);
      json_object_set_null_member (ao, "custom_role_id");
      json_object_set_null_member (ao, "custom_role");
      json_array_add_object_element (accounts, ao);
    }
  json_object_set_array_member (o, "accounts", accounts);
  reply (r, 200, sandbox_json_take_object (o));
}

static void
handle_account (Request *r)
{
  JsonObject *o = json_object_new ();
  JsonObject *features = json_object_new ();
  g_autofree char *created = sandbox_iso8601 ((double) r->account->created_at);

  json_object_set_int_member (o, "id", r->account->id);
  sandbox_json_set_str (o, "name", r->account->name);
  json_object_set_string_member (o, "locale", "it");
  json_object_set_null_member (o, "domain");
  json_object_set_null_member (o, "support_email");
  json_object_set_string_member (o, "status", r->account->status);
  json_object_set_string_member (o, "created_at", created);
  json_object_set_boolean_member (features, "channel_whatsapp", TRUE);
  json_object_set_boolean_member (features, "channel_email", TRUE);
  json_object_set_boolean_member (features, "labels", TRUE);
  json_object_set_boolean_member (features, "canned_responses", TRUE);
  json_object_set_object_member (o, "features", features);
  json_object_set_object_member (o, "settings", json_object_new ());
  json_object_set_object_member (o, "custom_attributes", json_object_new ());
  json_object_set_string_member (o, "latest_chatwoot_version", SANDBOX_CHATWOOT_VERSION);
  reply (r, 200, sandbox_json_take_object (o));
}

static void
handle_inboxes (Request *r,
                gint64   only_id)
{
  JsonArray *payload = json_array_new ();
  JsonObject *o = json_object_new ();

  for (guint i = 0; i < r->shop->inboxes->len; i++)
    {
      SandboxInbox *inbox = g_ptr_array_index (r->shop->inboxes, i);

      if (inbox->account_id != r->account->id || (only_id && inbox->id != only_id))
        continue;
      if (only_id)
        {
          json_array_unref (payload);
          json_object_unref (o);
          reply (r, 200, sandbox_json_take_object (sandbox_json_inbox (inbox)));
          return;
        }
      json_array_add_object_element (payload, sandbox_json_inbox (inbox));
    }
  if (only_id)
    {
      json_array_unref (payload);
      json_object_unref (o);
      reply_not_found (r);
      return;
    }
  json_object_set_array_member (o, "payload", payload);
  reply (r, 200, sandbox_json_take_object (o));
}

static void
handle_labels (Request *r)
{
  JsonArray *payload = json_array_new ();
  JsonObject *o = json_object_new ();

  for (guint i = 0; i < r->shop->labels->len; i++)
    {
      SandboxLabel *l = g_ptr_array_index (r->shop->labels, i);
      JsonObject *lo;

      if (l->account_id != r->account->id)
        continue;
      lo = json_object_new ();
      json_object_set_int_member (lo, "id", l->id);
      sandbox_json_set_str (lo, "title", l->title);
      sandbox_json_set_str (lo, "description", l->description);
      sandbox_json_set_str (lo, "color", l->color);
      json_object_set_boolean_member (lo, "show_on_sidebar", l->show_on_sidebar);
      json_array_add_object_element (payload, lo);
    }
  json_object_set_array_member (o, "payload", payload);
  reply (r, 200, sandbox_json_take_object (o));
}

static void
handle_agents (Request *r)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < r->shop->agents->len; i++)
    {
      SandboxAgent *a = g_ptr_array_index (r->shop->agents, i);

      /* Other accounts have only the profile user. */
      if (r->account->id != 1 && a->id != r->shop->profile_id)
        continue;
      json_array_add_object_element (array, sandbox_json_agent (a, r->account->id));
    }
  reply (r, 200, json_node_init_array (json_node_alloc (), array));
  json_array_unref (array);
}

static gboolean
contains_casefold (const char *haystack,
                   const char *needle_folded)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle_folded) != NULL;
}

static void
handle_canned (Request *r)
{
  JsonArray *array = json_array_new ();
  const char *search = query_get (r, "search");
  g_autofree char *needle = search && *search ? g_utf8_casefold (search, -1) : NULL;

  for (guint i = 0; i < r->shop->canned->len; i++)
    {
      SandboxCanned *c = g_ptr_array_index (r->shop->canned, i);
      JsonObject *o;
      g_autofree char *created = NULL, *updated = NULL;

      if (c->account_id != r->account->id)
        continue;
      if (needle && !contains_casefold (c->short_code, needle) && !contains_casefold (c->content, needle))
        continue;
      created = sandbox_iso8601 ((double) c->created_at);
      updated = sandbox_iso8601 ((double) c->updated_at);
      o = json_object_new ();
      json_object_set_int_member (o, "id", c->id);
      json_object_set_int_member (o, "account_id", c->account_id);
      sandbox_json_set_str (o, "short_code", c->short_code);
      sandbox_json_set_str (o, "content", c->content);
      json_object_set_string_member (o, "created_at", created);
      json_object_set_string_member (o, "updated_at", updated);
      json_array_add_object_element (array, o);
    }
  reply (r, 200, json_node_init_array (json_node_alloc (), array));
  json_array_unref (array);
}

/* ---- conversations ---- */

static gint
by_last_activity_desc (gconstpointer a,
                       gconstpointer b)
{
  const SandboxConversation *ca = *(SandboxConversation **) a;
  const SandboxConversation *cb = *(SandboxConversation **) b;

  if (ca->last_activity_at != cb->last_activity_at)
    return ca->last_activity_at < cb->last_activity_at ? 1 : -1;
  return ca->display_id < cb->display_id ? 1 : -1;
}

static gint
by_last_activity_asc (gconstpointer a,
                      gconstpointer b)
{
  return -by_last_activity_desc (a, b);
}

static gint
by_created_desc (gconstpointer a,
                 gconstpointer b)
{
  const SandboxConversation *ca = *(SandboxConversation **) a;
  const SandboxConversation *cb = *(SandboxConversation **) b;

  if (ca->created_at != cb->created_at)
    return ca->created_at < cb->created_at ? 1 : -1;
  return ca->display_id < cb->display_id ? 1 : -1;
}

static gint
by_created_asc (gconstpointer a,
                gconstpointer b)
{
  return -by_created_desc (a, b);
}

static gboolean
conversation_mentions (SandboxConversation *c,
                       const char          *needle_folded)
{
  for (guint i = 0; i < c->messages->len; i++)
    if (contains_casefold (((SandboxMessage *) g_ptr_array_index (c->messages, i))->content, needle_folded))
      return TRUE;
  return FALSE;
}

typedef struct {
  guint mine, assigned, unassigned, all;
} Counts;

/* The conversations the list's filters select, before the assignee filter. */
static GPtrArray *
filter_conversations (Request *r,
                      Counts  *counts,
                      gboolean *bad_request)
{
  GPtrArray *out = g_ptr_array_new ();
  const char *status = query_get (r, "status");
  const char *q = query_get (r, "q");
  const char *inbox_text = query_get (r, "inbox_id");
  g_autofree char *needle = q && *q ? g_utf8_casefold (q, -1) : NULL;
  gint64 inbox_id = 0;
  g_autoptr(GPtrArray) wanted_labels = g_ptr_array_new ();

  *bad_request = FALSE;
  if (status == NULL || *status == '\0')
    status = "open";
  if (inbox_text && !parse_int (inbox_text, &inbox_id))
    inbox_id = -1;
  for (guint i = 0; i + 1 < r->query->len; i += 2)
    if (g_strcmp0 (g_ptr_array_index (r->query, i), "labels[]") == 0 ||
        g_strcmp0 (g_ptr_array_index (r->query, i), "labels") == 0)
      g_ptr_array_add (wanted_labels, g_ptr_array_index (r->query, i + 1));

  memset (counts, 0, sizeof *counts);
  for (guint i = 0; i < r->shop->conversations->len; i++)
    {
      SandboxConversation *c = g_ptr_array_index (r->shop->conversations, i);

      if (c->account_id != r->account->id)
        continue;
      /* A search looks through every status. */
      if (needle == NULL && g_strcmp0 (status, "all") != 0 && g_strcmp0 (c->status, status) != 0)
        continue;
      if (needle != NULL && !conversation_mentions (c, needle))
        continue;
      if (inbox_id != 0 && c->inbox_id != inbox_id)
        continue;
      if (wanted_labels->len > 0)
        {
          gboolean any = FALSE;

          for (guint j = 0; j < wanted_labels->len && !any; j++)
            any = g_ptr_array_find_with_equal_func (c->labels, g_ptr_array_index (wanted_labels, j), g_str_equal, NULL);
          if (!any)
            continue;
        }
      g_ptr_array_add (out, c);
      counts->all++;
      if (c->assignee_id == 0)
        counts->unassigned++;
      else if (c->assignee_id == r->shop->profile_id)
        counts->mine++;
    }
  counts->assigned = counts->all - counts->unassigned;
  return out;
}

static JsonObject *
counts_view (const Counts *counts)
{
  JsonObject *meta = json_object_new ();

  json_object_set_int_member (meta, "mine_count", counts->mine);
  json_object_set_int_member (meta, "assigned_count", counts->assigned);
  json_object_set_int_member (meta, "unassigned_count", counts->unassigned);
  json_object_set_int_member (meta, "all_count", counts->all);
  return meta;
}

static void
handle_conversations (Request  *r,
                      gboolean  meta_only)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();
  const char *assignee_type = query_get (r, "assignee_type");
  const char *sort_by = query_get (r, "sort_by");
  const char *within_text = query_get (r, "updated_within");
  gint64 page = 1, within = -1;
  Counts counts;
  gboolean bad = FALSE;
  JsonObject *data, *root;
  JsonArray *payload;

  found = filter_conversations (r, &counts, &bad);
  if (meta_only)
    {
      root = json_object_new ();
      json_object_set_object_member (root, "meta", counts_view (&counts));
      reply (r, 200, sandbox_json_take_object (root));
      return;
    }

  for (guint i = 0; i < found->len; i++)
    {
      SandboxConversation *c = g_ptr_array_index (found, i);

      if (g_strcmp0 (assignee_type, "me") == 0 && c->assignee_id != r->shop->profile_id)
        continue;
      if (g_strcmp0 (assignee_type, "unassigned") == 0 && c->assignee_id != 0)
        continue;
      if (g_strcmp0 (assignee_type, "assigned") == 0 && c->assignee_id == 0)
        continue;
      g_ptr_array_add (selected, c);
    }

  if (g_strcmp0 (sort_by, "last_activity_at_asc") == 0)
    g_ptr_array_sort (selected, by_last_activity_asc);
  else if (g_strcmp0 (sort_by, "created_at_desc") == 0 || g_strcmp0 (sort_by, "sort_on_created_at") == 0)
    g_ptr_array_sort (selected, by_created_desc);
  else if (g_strcmp0 (sort_by, "created_at_asc") == 0)
    g_ptr_array_sort (selected, by_created_asc);
  else
    g_ptr_array_sort (selected, by_last_activity_desc);

  payload = json_array_new ();
  if (within_text != NULL && *within_text != '\0')
    {
      /* Everything changed in the window, no pages. */
      if (!parse_int (within_text, &within))
        within = 0;
      for (guint i = 0; i < selected->len; i++)
        {
          SandboxConversation *c = g_ptr_array_index (selected, i);

          if (c->updated_at > r->now - (double) within)
            json_array_add_object_element (payload, sandbox_json_conversation (r->shop, r->base_url, r->now, c));
        }
    }
  else
    {
      guint first;

      if (!parse_int (query_get (r, "page"), &page) || page < 1)
        page = 1;
      first = (guint) MIN ((page - 1) * SANDBOX_PAGE_SIZE, (gint64) G_MAXUINT);
      for (guint i = first; i < selected->len && i < first + SANDBOX_PAGE_SIZE; i++)
        json_array_add_object_element (payload, sandbox_json_conversation (r->shop, r->base_url, r->now, g_ptr_array_index (selected, i)));
    }

  data = json_object_new ();
  json_object_set_object_member (data, "meta", counts_view (&counts));
  json_object_set_array_member (data, "payload", payload);
  root = json_object_new ();
  json_object_set_object_member (root, "data", data);
  reply (r, 200, sandbox_json_take_object (root));
}

static void
handle_conversation (Request             *r,
                     SandboxConversation *c)
{
  reply (r, 200, sandbox_json_take_object (sandbox_json_conversation (r->shop, r->base_url, r->now, c)));
}

static void
set_status (Request             *r,
            SandboxConversation *c,
            const char          *status,
            gint64               snoozed_until)
{
  SandboxAgent *me = sandbox_shop_find_agent (r->shop, r->shop->profile_id);
  g_autofree char *line = NULL;

  if (g_strcmp0 (c->status, status) == 0 && c->snoozed_until == snoozed_until)
    return;
  if (g_strcmp0 (c->status, status) != 0)
    {
      if (g_strcmp0 (status, "resolved") == 0)
        line = g_strdup_printf ("Conversation was marked resolved by %s", me->name);
      else if (g_strcmp0 (status, "open") == 0)
        line = g_strdup_printf ("Conversation was reopened by %s", me->name);
      else if (g_strcmp0 (status, "pending") == 0)
        line = g_strdup_printf ("Conversation was marked as pending by %s", me->name);
      else
        line = g_strdup_printf ("Conversation was snoozed by %s", me->name);
    }
  g_free (c->status);
  c->status = g_strdup (status);
  c->snoozed_until = snoozed_until;
  if (g_strcmp0 (status, "resolved") == 0)
    c->waiting_since = 0;
  c->updated_at = r->now;
  if (line != NULL)
    sandbox_emit_conversation (r->shop, "conversation.status_changed", c, r->now);
  sandbox_emit_conversation (r->shop, "conversation.updated", c, r->now);
  if (line != NULL)
    sandbox_shop_add_activity (r->shop, c, line, r->now);
  r->response->changed = TRUE;
}

static void
handle_toggle_status (Request             *r,
                      SandboxConversation *c)
{
  g_autoptr(JsonObject) body = NULL;
  JsonObject *payload, *root;
  const char *status = NULL;
  gint64 snoozed_until = 0;
  gboolean ok;

  body = request_json (r, &ok);
  if (!ok)
    {
      reply_error (r, 400, "Invalid JSON in the request body");
      return;
    }
  if (json_object_has_member (body, "status") && !json_object_get_null_member (body, "status"))
    status = json_object_get_string_member (body, "status");
  if (status == NULL)
    status = g_strcmp0 (c->status, "open") == 0 ? "resolved" : "open";
  if (g_strcmp0 (status, "open") != 0 && g_strcmp0 (status, "resolved") != 0 &&
      g_strcmp0 (status, "pending") != 0 && g_strcmp0 (status, "snoozed") != 0)
    {
      reply_error (r, 422, "'status' is not a valid status");
      return;
    }
  if (g_strcmp0 (status, "snoozed") == 0)
    node_to_int (json_object_get_member (body, "snoozed_until"), &snoozed_until);

  set_status (r, c, status, snoozed_until);

  payload = json_object_new ();
  json_object_set_boolean_member (payload, "success", TRUE);
  json_object_set_int_member (payload, "conversation_id", c->display_id);
  sandbox_json_set_str (payload, "current_status", c->status);
  sandbox_json_set_iso (payload, "snoozed_until", c->snoozed_until);
  root = json_object_new ();
  json_object_set_object_member (root, "meta", json_object_new ());
  json_object_set_object_member (root, "payload", payload);
  reply (r, 200, sandbox_json_take_object (root));
}

static void
handle_update_last_seen (Request             *r,
                         SandboxConversation *c)
{
  /* Read state does not touch updated_at: the list won't see it change. */
  c->agent_last_seen_at = (gint64) r->now;
  if (c->assignee_id == r->shop->profile_id)
    c->assignee_last_seen_at = (gint64) r->now;
  r->response->changed = TRUE;
  handle_conversation (r, c);
}

/* Mark unread: both last-seen times go to just before the last incoming
 * message, so it (and what follows) counts as unread again. Like read
 * state, this does not touch updated_at. */
static void
handle_unread (Request             *r,
               SandboxConversation *c)
{
  for (guint i = c->messages->len; i > 0; i--)
    {
      SandboxMessage *m = g_ptr_array_index (c->messages, i - 1);

      if (m->message_type == SANDBOX_MESSAGE_INCOMING)
        {
          c->agent_last_seen_at = m->created_at - 1;
          c->assignee_last_seen_at = m->created_at - 1;
          r->response->changed = TRUE;
          break;
        }
    }
  handle_conversation (r, c);
}

static void
handle_conversation_labels (Request             *r,
                            SandboxConversation *c,
                            gboolean             post)
{
  JsonObject *root;
  JsonArray *payload = json_array_new ();

  if (post)
    {
      g_autoptr(JsonObject) body = NULL;
      g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) added = g_string_new (NULL);
      g_autoptr(GString) removed = g_string_new (NULL);
      SandboxAgent *me = sandbox_shop_find_agent (r->shop, r->shop->profile_id);
      JsonArray *labels;
      gboolean ok;

      body = request_json (r, &ok);
      if (!ok || !json_object_has_member (body, "labels") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (body, "labels")))
        {
          json_array_unref (payload);
          reply_error (r, 422, "param is missing or the value is empty: labels");
          return;
        }
      labels = json_object_get_array_member (body, "labels");
      for (guint i = 0; i < json_array_get_length (labels); i++)
        {
          JsonNode *n = json_array_get_element (labels, i);

          if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING &&
              !g_ptr_array_find_with_equal_func (wanted, json_node_get_string (n), g_str_equal, NULL))
            g_ptr_array_add (wanted, g_strdup (json_node_get_string (n)));
        }
      for (guint i = 0; i < wanted->len; i++)
        if (!g_ptr_array_find_with_equal_func (c->labels, g_ptr_array_index (wanted, i), g_str_equal, NULL))
          g_string_append_printf (added, "%s%s", added->len ? ", " : "", (char *) g_ptr_array_index (wanted, i));
      for (guint i = 0; i < c->labels->len; i++)
        if (!g_ptr_array_find_with_equal_func (wanted, g_ptr_array_index (c->labels, i), g_str_equal, NULL))
          g_string_append_printf (removed, "%s%s", removed->len ? ", " : "", (char *) g_ptr_array_index (c->labels, i));

      if (added->len > 0 || removed->len > 0)
        {
          g_ptr_array_set_size (c->labels, 0);
          for (guint i = 0; i < wanted->len; i++)
            g_ptr_array_add (c->labels, g_strdup (g_ptr_array_index (wanted, i)));
          c->updated_at = r->now;
          sandbox_emit_conversation (r->shop, "conversation.updated", c, r->now);
          if (added->len > 0)
            {
              g_autofree char *line = g_strdup_printf ("%s added %s", me->name, added->str);

              sandbox_shop_add_activity (r->shop, c, line, r->now);
            }
          if (removed->len > 0)
            {
              g_autofree char *line = g_strdup_printf ("%s removed %s", me->name, removed->str);

              sandbox_shop_add_activity (r->shop, c, line, r->now);
            }
          r->response->changed = TRUE;
        }
    }

  for (guint i = 0; i < c->labels->len; i++)
    json_array_add_string_element (payload, g_ptr_array_index (c->labels, i));
  root = json_object_new ();
  json_object_set_array_member (root, "payload", payload);
  reply (r, 200, sandbox_json_take_object (root));
}

static void
handle_assignments (Request             *r,
                    SandboxConversation *c)
{
  g_autoptr(JsonObject) body = NULL;
  SandboxAgent *me = sandbox_shop_find_agent (r->shop, r->shop->profile_id);
  SandboxAgent *agent = NULL;
  gint64 assignee_id = 0;
  gboolean ok;

  body = request_json (r, &ok);
  if (!ok)
    {
      reply_error (r, 400, "Invalid JSON in the request body");
      return;
    }
  if (node_to_int (json_object_get_member (body, "assignee_id"), &assignee_id) && assignee_id != 0)
    {
      agent = sandbox_shop_find_agent (r->shop, assignee_id);
      if (agent == NULL)
        {
          reply_not_found (r);
          return;
        }
    }
  if (c->assignee_id != (agent ? agent->id : 0))
    {
      g_autofree char *line = NULL;

      if (agent == NULL)
        line = g_strdup_printf ("Conversation unassigned by %s", me->name);
      else if (agent == me)
        line = g_strdup_printf ("%s self-assigned this conversation", me->name);
      else
        line = g_strdup_printf ("Assigned to %s by %s", agent->name, me->name);
      c->assignee_id = agent ? agent->id : 0;
      c->assignee_last_seen_at = 0;
      c->updated_at = r->now;
      sandbox_emit_conversation (r->shop, "assignee.changed", c, r->now);
      sandbox_emit_conversation (r->shop, "conversation.updated", c, r->now);
      sandbox_shop_add_activity (r->shop, c, line, r->now);
      r->response->changed = TRUE;
    }
  if (agent != NULL)
    reply (r, 200, sandbox_json_take_object (sandbox_json_agent (agent, c->account_id)));
  else
    reply (r, 200, json_node_init_null (json_node_alloc ()));
}

static void
handle_toggle_priority (Request             *r,
                        SandboxConversation *c)
{
  g_autoptr(JsonObject) body = NULL;
  const char *priority = NULL;
  gboolean ok;

  body = request_json (r, &ok);
  if (!ok)
    {
      reply_error (r, 400, "Invalid JSON in the request body");
      return;
    }
  if (json_object_has_member (body, "priority") && !json_object_get_null_member (body, "priority"))
    priority = json_object_get_string_member (body, "priority");
  if (priority != NULL && g_strcmp0 (priority, "low") != 0 && g_strcmp0 (priority, "medium") != 0 &&
      g_strcmp0 (priority, "high") != 0 && g_strcmp0 (priority, "urgent") != 0)
    {
      reply_error (r, 422, "'priority' is not a valid priority");
      return;
    }
  if (g_strcmp0 (priority, c->priority) != 0)
    {
      g_free (c->priority);
      c->priority = g_strdup (priority);
      c->updated_at = r->now;
      sandbox_emit_conversation (r->shop, "conversation.updated", c, r->now);
      r->response->changed = TRUE;
    }
  r->response->status = 200;
}

/* ---- messages ---- */

static void
handle_messages (Request             *r,
                 SandboxConversation *c)
{
  SandboxShop *shop = r->shop;
  gint64 before = 0, after = 0;
  gboolean has_before = parse_int (query_get (r, "before"), &before);
  gboolean has_after = parse_int (query_get (r, "after"), &after);
  gboolean hide_internal = truthy (query_get (r, "filter_internal_messages"));
  g_autoptr(GPtrArray) pool = g_ptr_array_new ();
  JsonArray *payload = json_array_new ();
  JsonObject *meta = json_object_new ();
  JsonObject *root = json_object_new ();
  JsonArray *labels = json_array_new ();
  SandboxContact *contact = sandbox_shop_find_contact (shop, c->contact_id);
  SandboxAgent *assignee = c->assignee_id ? sandbox_shop_find_agent (shop, c->assignee_id) : NULL;
  guint start = 0, end;

  for (guint i = 0; i < c->messages->len; i++)
    {
      SandboxMessage *m = g_ptr_array_index (c->messages, i);

      if (hide_internal && (m->is_private || m->message_type == SANDBOX_MESSAGE_ACTIVITY))
        continue;
      if (has_before && has_after)
        {
          if (m->id < after || m->id >= before)
            continue;
        }
      else if (has_before && m->id >= before)
        continue;
      else if (has_after && m->id <= after)
        continue;
      g_ptr_array_add (pool, m);
    }

  /* Latest 20 (optionally before a cursor), the next 100 after one, or a range of up to 1000. */
  end = pool->len;
  if (has_before && has_after)
    end = MIN (pool->len, 1000);
  else if (has_after)
    end = MIN (pool->len, 100);
  else
    start = pool->len > 20 ? pool->len - 20 : 0;
  for (guint i = start; i < end; i++)
    json_array_add_object_element (payload, sandbox_json_message (shop, r->base_url, g_ptr_array_index (pool, i), FALSE, NULL));

  for (guint i = 0; i < c->labels->len; i++)
    json_array_add_string_element (labels, g_ptr_array_index (c->labels, i));
  json_object_set_array_member (meta, "labels", labels);
  json_object_set_object_member (meta, "additional_attributes", sandbox_json_copy_object (c->additional_attributes));
  if (contact != NULL)
    json_object_set_object_member (meta, "contact", sandbox_json_contact_push (contact));
  else
    json_object_set_null_member (meta, "contact");
  if (assignee != NULL)
    json_object_set_object_member (meta, "assignee", sandbox_json_user_push (assignee));
  else
    json_object_set_null_member (meta, "assignee");
  sandbox_json_set_iso (meta, "agent_last_seen_at", c->agent_last_seen_at);
  sandbox_json_set_iso (meta, "assignee_last_seen_at", c->assignee_last_seen_at);

  json_object_set_object_member (root, "meta", meta);
  json_object_set_array_member (root, "payload", payload);
  reply (r, 200, sandbox_json_take_object (root));
}

typedef struct {
  char   *filename;
  char   *content_type;
  GBytes *bytes;
} Upload;

static void
upload_free (Upload *u)
{
  g_free (u->filename);
  g_free (u->content_type);
  g_clear_pointer (&u->bytes, g_bytes_unref);
  g_free (u);
}

/* A file name that is only a name: no directories, no control characters. */
static char *
clean_filename (const char *name)
{
  g_autofree char *base = NULL;
  GString *out;

  if (name == NULL || *name == '\0')
    return g_strdup ("attachment");
  base = g_path_get_basename (name);
  out = g_string_new (NULL);
  for (const char *p = base; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch < 0x20 || ch == 0x7f || ch == '/' || ch == '\\' || ch == '"')
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, ch);
    }
  if (out->len == 0 || g_strcmp0 (out->str, ".") == 0 || g_strcmp0 (out->str, "..") == 0)
    g_string_assign (out, "attachment");
  return g_string_free (out, FALSE);
}

static const char *
file_type_for (const char *content_type)
{
  if (g_str_has_prefix (content_type, "image/"))
    return "image";
  if (g_str_has_prefix (content_type, "audio/"))
    return "audio";
  if (g_str_has_prefix (content_type, "video/"))
    return "video";
  return "file";
}

static JsonObject *
find_template (SandboxInbox *inbox,
               const char   *name,
               const char   *language)
{
  JsonArray *templates;

  if (inbox->message_templates == NULL || !JSON_NODE_HOLDS_ARRAY (inbox->message_templates) || name == NULL)
    return NULL;
  templates = json_node_get_array (inbox->message_templates);
  for (guint i = 0; i < json_array_get_length (templates); i++)
    {
      JsonObject *t = json_array_get_object_element (templates, i);
      const char *t_name = json_object_get_string_member_with_default (t, "name", NULL);
      const char *t_lang = json_object_get_string_member_with_default (t, "language", NULL);
      const char *t_status = json_object_get_string_member_with_default (t, "status", NULL);

      if (g_strcmp0 (t_status, "APPROVED") != 0 || t_name == NULL)
        continue;
      if (g_ascii_strcasecmp (t_name, name) != 0)
        continue;
      if (language != NULL && (t_lang == NULL || g_ascii_strcasecmp (t_lang, language) != 0))
        continue;
      return t;
    }
  return NULL;
}

/* The template's body with {{n}} filled from processed_params.body. */
static char *
render_template (JsonObject *template,
                 JsonObject *params)
{
  JsonArray *components = json_object_get_array_member (template, "components");
  JsonObject *processed = json_object_has_member (params, "processed_params") &&
                          JSON_NODE_HOLDS_OBJECT (json_object_get_member (params, "processed_params"))
                          ? json_object_get_object_member (params, "processed_params") : NULL;
  JsonObject *body = processed && json_object_has_member (processed, "body") &&
                     JSON_NODE_HOLDS_OBJECT (json_object_get_member (processed, "body"))
                     ? json_object_get_object_member (processed, "body") : processed;
  const char *text = NULL;
  GString *out;

  for (guint i = 0; components && i < json_array_get_length (components); i++)
    {
      JsonObject *component = json_array_get_object_element (components, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (component, "type", NULL), "BODY") == 0)
        text = json_object_get_string_member_with_default (component, "text", NULL);
    }
  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p; )
    {
      const char *close = g_str_has_prefix (p, "{{") ? strstr (p, "}}") : NULL;

      if (close != NULL)
        {
          g_autofree char *key = g_strndup (p + 2, close - p - 2);
          JsonNode *value = body ? json_object_get_member (body, key) : NULL;

          if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            g_string_append (out, json_node_get_string (value));
          else
            g_string_append_len (out, p, close + 2 - p);
          p = close + 2;
          continue;
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* Meta accepted the message: it has a wamid now, and receipts follow. */
static void
send_to_provider (Request        *r,
                  SandboxMessage *m)
{
  JsonObject *changes = json_object_new ();
  JsonArray *pair = json_array_new ();

  if (m->source_id != NULL)
    json_array_add_string_element (pair, m->source_id);
  else
    json_array_add_null_element (pair);
  g_free (m->source_id);
  m->source_id = sandbox_fake_wamid ();
  json_array_add_string_element (pair, m->source_id);
  json_object_set_array_member (changes, "source_id", pair);
  sandbox_emit_message (r->shop, "message.updated", m, changes);
  r->response->sent_message = m->id;
}

static void
handle_create_message (Request             *r,
                       SandboxConversation *c)
{
  SandboxShop *shop = r->shop;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (r->msg);
  g_autoptr(GHashTable) ct_params = NULL;
  const char *content_type = soup_message_headers_get_content_type (headers, &ct_params);
  g_autoptr(GPtrArray) uploads = g_ptr_array_new_with_free_func ((GDestroyNotify) upload_free);
  g_autoptr(JsonObject) content_attributes = NULL;
  g_autoptr(JsonObject) template_params = NULL;
  g_autofree char *content = NULL;
  g_autofree char *echo_id = NULL;
  g_autofree char *message_type = NULL;
  gboolean is_private = FALSE;
  SandboxInbox *inbox = sandbox_shop_find_inbox (shop, c->inbox_id);
  gboolean whatsapp = inbox && g_strcmp0 (inbox->channel_type, "Channel::Whatsapp") == 0;
  SandboxMessage *m;
  JsonObject *template = NULL;
  const char *failure = NULL;

  if (g_strcmp0 (content_type, "multipart/form-data") == 0)
    {
      SoupMessageBody *body = soup_server_message_get_request_body (r->msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      SoupMultipart *multipart = soup_multipart_new_from_message (headers, bytes);

      if (multipart == NULL)
        {
          reply_error (r, 400, "The multipart body could not be read");
          return;
        }
      for (int i = 0; i < soup_multipart_get_length (multipart); i++)
        {
          SoupMessageHeaders *part_headers = NULL;
          GBytes *part_body = NULL;
          g_autofree char *disposition = NULL;
          g_autoptr(GHashTable) params = NULL;
          const char *name, *filename;
          g_autofree char *text = NULL;

          if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body) ||
              !soup_message_headers_get_content_disposition (part_headers, &disposition, &params))
            continue;
          name = g_hash_table_lookup (params, "name");
          filename = g_hash_table_lookup (params, "filename");
          if (g_strcmp0 (name, "attachments[]") == 0 || g_strcmp0 (name, "attachments") == 0 || filename != NULL)
            {
              Upload *u = g_new0 (Upload, 1);
              const char *part_type = soup_message_headers_get_content_type (part_headers, NULL);

              u->filename = clean_filename (filename);
              u->content_type = g_strdup (part_type ? part_type : "application/octet-stream");
              u->bytes = g_bytes_ref (part_body);
              g_ptr_array_add (uploads, u);
              continue;
            }
          text = g_strndup (g_bytes_get_data (part_body, NULL), g_bytes_get_size (part_body));
          if (g_strcmp0 (name, "content") == 0)
            replace_str (&content, text);
          else if (g_strcmp0 (name, "private") == 0)
            is_private = truthy (text);
          else if (g_strcmp0 (name, "echo_id") == 0)
            replace_str (&echo_id, text);
          else if (g_strcmp0 (name, "message_type") == 0)
            replace_str (&message_type, text);
          else if (g_strcmp0 (name, "content_attributes") == 0 || g_strcmp0 (name, "template_params") == 0)
            {
              g_autoptr(JsonParser) parser = json_parser_new ();
              JsonNode *root;

              if (!json_parser_load_from_data (parser, text, -1, NULL) ||
                  (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
                {
                  soup_multipart_free (multipart);
                  reply_error (r, 422, "content_attributes must be a JSON object");
                  return;
                }
              if (name[0] == 'c')
                {
                  g_clear_pointer (&content_attributes, json_object_unref);
                  content_attributes = json_object_ref (json_node_get_object (root));
                }
              else
                {
                  g_clear_pointer (&template_params, json_object_unref);
                  template_params = json_object_ref (json_node_get_object (root));
                }
            }
        }
      soup_multipart_free (multipart);
    }
  else
    {
      g_autoptr(JsonObject) body = NULL;
      JsonNode *node;
      gboolean ok;

      body = request_json (r, &ok);
      if (!ok)
        {
          reply_error (r, 400, "Invalid JSON in the request body");
          return;
        }
      node = json_object_get_member (body, "content");
      if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        content = g_strdup (json_node_get_string (node));
      is_private = node_truthy (json_object_get_member (body, "private"));
      node = json_object_get_member (body, "echo_id");
      if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        echo_id = g_strdup (json_node_get_string (node));
      node = json_object_get_member (body, "message_type");
      if (node && JSON_NODE_HOLDS_VALUE (node))
        message_type = json_node_get_value_type (node) == G_TYPE_STRING
                       ? g_strdup (json_node_get_string (node))
                       : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      node = json_object_get_member (body, "content_attributes");
      if (node && JSON_NODE_HOLDS_OBJECT (node))
        content_attributes = json_object_ref (json_node_get_object (node));
      node = json_object_get_member (body, "template_params");
      if (node && JSON_NODE_HOLDS_OBJECT (node))
        template_params = json_object_ref (json_node_get_object (node));
    }

  if (message_type != NULL && g_strcmp0 (message_type, "outgoing") != 0 && g_strcmp0 (message_type, "1") != 0)
    {
      if (g_strcmp0 (message_type, "incoming") == 0 || g_strcmp0 (message_type, "0") == 0)
        reply_error (r, 422, "Incoming messages are only allowed in Api inboxes");
      else
        reply_error (r, 422, "Message type is not allowed");
      return;
    }
  if (uploads->len > SANDBOX_MAX_ATTACHMENTS)
    {
      reply_error (r, 422, "Too many attachments: at most 15 per message");
      return;
    }
  if (content != NULL && g_utf8_strlen (content, -1) > SANDBOX_MAX_CONTENT)
    {
      reply_error (r, 422, "Content is too long (maximum is 150000 characters)");
      return;
    }
  if (template_params != NULL && json_object_get_string_member_with_default (template_params, "name", NULL) == NULL)
    {
      reply_error (r, 422, "template_params: name is required");
      return;
    }
  if ((content == NULL || *content == '\0') && uploads->len == 0 && template_params == NULL)
    {
      reply_error (r, 422, "Message content can't be blank");
      return;
    }

  m = sandbox_message_new (c, SANDBOX_MESSAGE_OUTGOING, content);
  m->sender_type = g_strdup ("User");
  m->sender_id = shop->profile_id;
  m->is_private = is_private;
  if (content_attributes != NULL)
    {
      gint64 reply_to = 0;

      json_object_unref (m->content_attributes);
      m->content_attributes = sandbox_json_copy_object (content_attributes);
      if (node_to_int (json_object_get_member (m->content_attributes, "in_reply_to"), &reply_to))
        {
          SandboxMessage *quoted = sandbox_conversation_find_message (c, reply_to);

          json_object_set_int_member (m->content_attributes, "in_reply_to", reply_to);
          if (quoted != NULL && quoted->source_id != NULL)
            json_object_set_string_member (m->content_attributes, "in_reply_to_external_id", quoted->source_id);
        }
    }

  if (template_params != NULL)
    {
      json_object_set_object_member (m->additional_attributes, "template_params", sandbox_json_copy_object (template_params));
      if (whatsapp)
        {
          template = find_template (inbox, json_object_get_string_member (template_params, "name"),
                                    json_object_get_string_member_with_default (template_params, "language", NULL));
          if (template == NULL)
            failure = "Template not found or invalid template name";
          else if (m->content == NULL)
            m->content = render_template (template, template_params);
        }
    }
  if (whatsapp && !is_private && template_params == NULL &&
      !sandbox_conversation_can_reply (shop, c, (gint64) r->now))
    failure = "Template not found or invalid template name";
  if (failure != NULL)
    {
      g_free (m->status);
      m->status = g_strdup ("failed");
      json_object_set_string_member (m->content_attributes, "external_error", failure);
    }

  for (guint i = 0; i < uploads->len; i++)
    {
      Upload *u = g_ptr_array_index (uploads, i);
      SandboxAttachment *a = sandbox_attachment_new ();
      g_autoptr(GError) error = NULL;
      const char *dot = strrchr (u->filename, '.');
      int width = 0, height = 0;

      a->source = json_object_new ();
      json_object_set_string_member (a->source, "kind", "blob");
      a->filename = g_strdup (u->filename);
      a->content_type = g_strdup (u->content_type);
      a->file_type = g_strdup (file_type_for (u->content_type));
      a->extension = dot && dot[1] ? g_ascii_strdown (dot + 1, -1) : NULL;
      a->file_size = (gint64) g_bytes_get_size (u->bytes);
      if (sandbox_png_get_size (u->bytes, &width, &height))
        {
          a->width = width;
          a->height = height;
        }
      a->bytes = g_bytes_ref (u->bytes);
      sandbox_shop_register_attachment (shop, m, a);
      if (shop->blob_dir != NULL)
        {
          g_autofree char *path = g_build_filename (shop->blob_dir, a->key, NULL);

          if (g_mkdir_with_parents (shop->blob_dir, 0700) != 0 ||
              !g_file_set_contents (path, g_bytes_get_data (u->bytes, NULL), (gssize) g_bytes_get_size (u->bytes), &error))
            g_warning ("Could not keep an uploaded file: %s", error ? error->message : g_strerror (errno));
        }
    }

  m->echo_id = g_strdup (echo_id);
  sandbox_shop_append_message (shop, c, m, r->now);
  g_clear_pointer (&m->echo_id, g_free);
  r->response->changed = TRUE;
  r->response->created_message = m->id;
  reply (r, 200, sandbox_json_take_object (sandbox_json_message (shop, r->base_url, m, FALSE, echo_id)));

  /* The provider's id arrives after the create response, as with Meta. */
  if (whatsapp && !is_private && failure == NULL)
    send_to_provider (r, m);
}

/* POST …/messages/{id}/retry: back to "sent", content_attributes cleared,
 * queued again; the send job then fails it again if it still cannot go. */
static void
handle_retry_message (Request             *r,
                      SandboxConversation *c,
                      SandboxMessage      *m)
{
  SandboxShop *shop = r->shop;
  SandboxInbox *inbox = sandbox_shop_find_inbox (shop, c->inbox_id);
  gboolean whatsapp = inbox && g_strcmp0 (inbox->channel_type, "Channel::Whatsapp") == 0;
  JsonObject *template_params = NULL;
  const char *failure = NULL;
  JsonObject *changes = json_object_new ();

  if (g_strcmp0 (m->status, "sent") != 0)
    {
      JsonArray *pair = json_array_new ();

      json_array_add_string_element (pair, m->status);
      json_array_add_string_element (pair, "sent");
      json_object_set_array_member (changes, "status", pair);
      g_free (m->status);
      m->status = g_strdup ("sent");
    }
  if (json_object_get_size (m->content_attributes) > 0)
    {
      JsonArray *pair = json_array_new ();

      json_array_add_object_element (pair, sandbox_json_copy_object (m->content_attributes));
      json_array_add_object_element (pair, json_object_new ());
      json_object_set_array_member (changes, "content_attributes", pair);
      json_object_unref (m->content_attributes);
      m->content_attributes = json_object_new ();
    }
  m->updated_at = r->now;
  r->response->changed = TRUE;
  sandbox_emit_message (shop, "message.updated", m, changes);
  reply (r, 200, sandbox_json_take_object (sandbox_json_message (shop, r->base_url, m, FALSE, NULL)));

  /* The send job, as at creation. */
  if (!whatsapp || m->is_private || m->message_type != SANDBOX_MESSAGE_OUTGOING)
    return;
  if (json_object_has_member (m->additional_attributes, "template_params") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (m->additional_attributes, "template_params")))
    template_params = json_object_get_object_member (m->additional_attributes, "template_params");
  if (template_params != NULL)
    {
      if (find_template (inbox, json_object_get_string_member_with_default (template_params, "name", NULL),
                         json_object_get_string_member_with_default (template_params, "language", NULL)) == NULL)
        failure = "Template not found or invalid template name";
    }
  else if (!sandbox_conversation_can_reply (shop, c, (gint64) r->now))
    failure = "Template not found or invalid template name";
  if (failure != NULL)
    sandbox_shop_set_message_status (shop, m, "failed", failure, r->now);
  else
    send_to_provider (r, m);
}

/* POST {acc}/conversations: an agent starts a conversation with a contact,
 * optionally with a first message (on WhatsApp, a template). */
static void
handle_create_conversation (Request *r)
{
  SandboxShop *shop = r->shop;
  g_autoptr(JsonObject) body = NULL;
  SandboxInbox *inbox = NULL;
  SandboxContact *contact = NULL;
  SandboxAgent *assignee = NULL;
  SandboxConversation *c;
  JsonObject *message = NULL;
  JsonNode *node;
  const char *status = NULL;
  g_autofree char *hex = NULL;
  gint64 inbox_id = 0, contact_id = 0, assignee_id = 0;
  gboolean ok;

  body = request_json (r, &ok);
  if (!ok)
    {
      reply_error (r, 400, "Invalid JSON in the request body");
      return;
    }
  if (!node_to_int (json_object_get_member (body, "inbox_id"), &inbox_id) ||
      !node_to_int (json_object_get_member (body, "contact_id"), &contact_id))
    {
      reply_error (r, 422, "param is missing or the value is empty: inbox_id, contact_id");
      return;
    }
  inbox = sandbox_shop_find_inbox (shop, inbox_id);
  contact = sandbox_shop_find_contact (shop, contact_id);
  if (inbox == NULL || inbox->account_id != r->account->id || contact == NULL)
    {
      reply_not_found (r);
      return;
    }
  if (node_to_int (json_object_get_member (body, "assignee_id"), &assignee_id) && assignee_id != 0)
    {
      assignee = sandbox_shop_find_agent (shop, assignee_id);
      if (assignee == NULL)
        {
          reply_not_found (r);
          return;
        }
    }
  node = json_object_get_member (body, "status");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    status = json_node_get_string (node);
  if (status != NULL && g_strcmp0 (status, "open") != 0 && g_strcmp0 (status, "resolved") != 0 &&
      g_strcmp0 (status, "pending") != 0 && g_strcmp0 (status, "snoozed") != 0)
    {
      reply_error (r, 422, "'status' is not a valid status");
      return;
    }
  node = json_object_get_member (body, "message");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    message = json_node_get_object (node);

  c = sandbox_conversation_new ();
  c->display_id = shop->next_display_id++;
  c->account_id = r->account->id;
  c->inbox_id = inbox->id;
  c->contact_id = contact->id;
  c->assignee_id = assignee ? assignee->id : 0;
  if (status != NULL)
    {
      g_free (c->status);
      c->status = g_strdup (status);
    }
  hex = sandbox_random_string (NULL, "0123456789abcdef", 32);
  c->uuid = g_strdup_printf ("%.8s-%.4s-4%.3s-a%.3s-%.12s", hex, hex + 8, hex + 12, hex + 15, hex + 18);
  c->created_at = (gint64) r->now;
  c->last_activity_at = (gint64) r->now;
  c->updated_at = r->now;
  node = json_object_get_member (body, "additional_attributes");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      json_object_unref (c->additional_attributes);
      c->additional_attributes = sandbox_json_copy_object (json_node_get_object (node));
    }
  node = json_object_get_member (body, "custom_attributes");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      json_object_unref (c->custom_attributes);
      c->custom_attributes = sandbox_json_copy_object (json_node_get_object (node));
    }
  g_ptr_array_add (shop->conversations, c);
  r->response->changed = TRUE;
  sandbox_emit_conversation (shop, "conversation.created", c, r->now);

  if (message != NULL)
    {
      const char *content = json_object_get_string_member_with_default (message, "content", NULL);
      JsonObject *template_params = NULL;
      gboolean whatsapp = g_strcmp0 (inbox->channel_type, "Channel::Whatsapp") == 0;
      const char *failure = NULL;
      SandboxMessage *m;

      node = json_object_get_member (message, "template_params");
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        template_params = json_node_get_object (node);
      if ((content != NULL && *content != '\0') || template_params != NULL)
        {
          m = sandbox_message_new (c, SANDBOX_MESSAGE_OUTGOING, content);
          m->sender_type = g_strdup ("User");
          m->sender_id = shop->profile_id;
          if (template_params != NULL)
            json_object_set_object_member (m->additional_attributes, "template_params",
                                           sandbox_json_copy_object (template_params));
          if (whatsapp && template_params != NULL)
            {
              JsonObject *template = find_template (inbox,
                                                    json_object_get_string_member_with_default (template_params, "name", NULL),
                                                    json_object_get_string_member_with_default (template_params, "language", NULL));

              if (template == NULL)
                failure = "Template not found or invalid template name";
              else if (m->content == NULL)
                m->content = render_template (template, template_params);
            }
          else if (whatsapp)
            failure = "Template not found or invalid template name";   /* no window yet */
          if (failure != NULL)
            {
              g_free (m->status);
              m->status = g_strdup ("failed");
              json_object_set_string_member (m->content_attributes, "external_error", failure);
            }
          sandbox_shop_append_message (shop, c, m, r->now);
          if (whatsapp && failure == NULL)
            send_to_provider (r, m);
        }
    }

  reply (r, 200, sandbox_json_take_object (sandbox_json_conversation (shop, r->base_url, r->now, c)));
}

/* ---- files (ActiveStorage) ---- */

static SandboxAttachment *
attachment_by_signed_id (SandboxShop *shop,
                         const char  *sid)
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
              g_autofree char *candidate = sandbox_signed_id (a);

              if (g_strcmp0 (candidate, sid) == 0)
                return a;
            }
        }
    }
  return NULL;
}

static void
handle_files (Request *r)
{
  char **s = r->segments;
  guint n = r->n_segments;
  SandboxAttachment *a;

  /* s[0] = "rails", s[1] = "active_storage" */
  if (g_strcmp0 (r->method, "GET") != 0 && g_strcmp0 (r->method, "HEAD") != 0)
    {
      reply_error (r, 404, "Not Found");
      return;
    }
  if (n == 6 && g_strcmp0 (s[2], "blobs") == 0 && (g_strcmp0 (s[3], "redirect") == 0 || g_strcmp0 (s[3], "proxy") == 0))
    {
      a = attachment_by_signed_id (r->shop, s[4]);
      if (a == NULL)
        {
          reply_not_found (r);
          return;
        }
      if (g_strcmp0 (s[3], "proxy") == 0)
        goto serve;
      r->response->status = 302;
      r->response->location = g_strdup_printf ("%s/rails/active_storage/disk/%s/%s", r->base_url, a->key, s[5]);
      return;
    }
  if (n == 7 && g_strcmp0 (s[2], "representations") == 0 && g_strcmp0 (s[3], "redirect") == 0)
    {
      a = attachment_by_signed_id (r->shop, s[4]);
      if (a == NULL)
        {
          reply_not_found (r);
          return;
        }
      r->response->status = 302;
      r->response->location = g_strdup_printf ("%s/rails/active_storage/disk/%s/%s?variant=thumb",
                                               r->base_url, a->key, s[6]);
      return;
    }
  if (n == 5 && g_strcmp0 (s[2], "disk") == 0)
    {
      a = sandbox_shop_find_attachment (r->shop, s[3]);
      if (a == NULL)
        {
          reply_not_found (r);
          return;
        }
      goto serve;
    }
  reply_error (r, 404, "Not Found");
  return;

serve:
  {
    g_autoptr(GError) error = NULL;
    gboolean thumb = g_strcmp0 (query_get (r, "variant"), "thumb") == 0;
    g_autofree char *ascii = g_str_to_ascii (a->filename, "C");
    g_autofree char *escaped = g_uri_escape_string (a->filename, NULL, FALSE);
    GBytes *bytes = sandbox_shop_attachment_bytes (r->shop, a, thumb, &error);

    if (bytes == NULL)
      {
        g_warning ("A demo file cannot be served: %s", error->message);
        reply_not_found (r);
        return;
      }
    g_strdelimit (ascii, "\"\\", '_');
    r->response->status = 200;
    r->response->raw = bytes;
    r->response->raw_type = g_strdup (thumb ? "image/png" : a->content_type);
    r->response->disposition = g_strdup_printf ("inline; filename=\"%s\"; filename*=UTF-8''%s", ascii, escaped);
  }
}

/* ---- routing ---- */

static gboolean
is_method (Request    *r,
           const char *method)
{
  return g_strcmp0 (r->method, method) == 0;
}

static void
route_account (Request *r,
               char   **s,
               guint    n)
{
  /* s[0] is the first segment after /api/v1/accounts/{acc} */
  SandboxConversation *c;
  gint64 cid = 0;

  if (n == 0)
    {
      if (is_method (r, "GET"))
        handle_account (r);
      else
        reply_error (r, 404, "Not Found");
      return;
    }
  if (n == 1 && is_method (r, "POST") && g_strcmp0 (s[0], "conversations") == 0)
    {
      handle_create_conversation (r);
      return;
    }
  if (n == 1 && is_method (r, "GET"))
    {
      if (g_strcmp0 (s[0], "inboxes") == 0)
        handle_inboxes (r, 0);
      else if (g_strcmp0 (s[0], "labels") == 0)
        handle_labels (r);
      else if (g_strcmp0 (s[0], "agents") == 0)
        handle_agents (r);
      else if (g_strcmp0 (s[0], "canned_responses") == 0)
        handle_canned (r);
      else if (g_strcmp0 (s[0], "conversations") == 0)
        handle_conversations (r, FALSE);
      else
        reply_error (r, 404, "Not Found");
      return;
    }
  if (n == 2 && g_strcmp0 (s[0], "inboxes") == 0 && is_method (r, "GET"))
    {
      gint64 id = 0;

      if (parse_int (s[1], &id))
        handle_inboxes (r, id);
      else
        reply_not_found (r);
      return;
    }
  if (n == 2 && g_strcmp0 (s[0], "conversations") == 0 && g_strcmp0 (s[1], "meta") == 0 && is_method (r, "GET"))
    {
      handle_conversations (r, TRUE);
      return;
    }
  if (n < 2 || g_strcmp0 (s[0], "conversations") != 0)
    {
      reply_error (r, 404, "Not Found");
      return;
    }

  c = parse_int (s[1], &cid) ? sandbox_shop_find_conversation (r->shop, r->account->id, cid) : NULL;
  if (n == 2 && (is_method (r, "GET") || is_method (r, "PATCH")))
    {
      if (c == NULL)
        reply_not_found (r);
      else if (is_method (r, "PATCH"))
        {
          handle_toggle_priority (r, c);
          if (r->response->status == 200)
            handle_conversation (r, c);
        }
      else
        handle_conversation (r, c);
      return;
    }
  if (n == 3)
    {
      const char *action = s[2];
      gboolean known = TRUE;

      if (is_method (r, "POST") && g_strcmp0 (action, "toggle_status") == 0)
        ;
      else if (is_method (r, "POST") && g_strcmp0 (action, "update_last_seen") == 0)
        ;
      else if (is_method (r, "POST") && g_strcmp0 (action, "unread") == 0)
        ;
      else if ((is_method (r, "GET") || is_method (r, "POST")) && g_strcmp0 (action, "messages") == 0)
        ;
      else if ((is_method (r, "GET") || is_method (r, "POST")) && g_strcmp0 (action, "labels") == 0)
        ;
      else if (is_method (r, "POST") && g_strcmp0 (action, "assignments") == 0)
        ;
      else if (is_method (r, "POST") && g_strcmp0 (action, "toggle_priority") == 0)
        ;
      else
        known = FALSE;

      if (!known)
        {
          reply_error (r, 404, "Not Found");
          return;
        }
      if (c == NULL)
        {
          reply_not_found (r);
          return;
        }
      if (g_strcmp0 (action, "toggle_status") == 0)
        handle_toggle_status (r, c);
      else if (g_strcmp0 (action, "update_last_seen") == 0)
        handle_update_last_seen (r, c);
      else if (g_strcmp0 (action, "unread") == 0)
        handle_unread (r, c);
      else if (g_strcmp0 (action, "messages") == 0 && is_method (r, "GET"))
        handle_messages (r, c);
      else if (g_strcmp0 (action, "messages") == 0)
        handle_create_message (r, c);
      else if (g_strcmp0 (action, "labels") == 0)
        handle_conversation_labels (r, c, is_method (r, "POST"));
      else if (g_strcmp0 (action, "assignments") == 0)
        handle_assignments (r, c);
      else
        handle_toggle_priority (r, c);
      return;
    }
  if (n == 5 && g_strcmp0 (s[2], "messages") == 0 && g_strcmp0 (s[4], "retry") == 0 && is_method (r, "POST"))
    {
      SandboxMessage *m = NULL;
      gint64 mid = 0;

      if (c != NULL && parse_int (s[3], &mid))
        m = sandbox_conversation_find_message (c, mid);
      if (m == NULL)
        reply_not_found (r);
      else
        handle_retry_message (r, c, m);
      return;
    }
  reply_error (r, 404, "Not Found");
}

gboolean
sandbox_api_is_message_create (const char *method,
                               const char *path)
{
  g_auto(GStrv) raw = NULL;
  g_autoptr(GPtrArray) s = g_ptr_array_new ();
  gint64 id = 0;

  if (g_strcmp0 (method, "POST") != 0 || path == NULL)
    return FALSE;
  raw = g_strsplit (path, "/", -1);
  for (guint i = 0; raw[i]; i++)
    if (*raw[i] != '\0')
      g_ptr_array_add (s, raw[i]);
  return s->len == 7 &&
         g_strcmp0 (s->pdata[0], "api") == 0 && g_strcmp0 (s->pdata[1], "v1") == 0 &&
         g_strcmp0 (s->pdata[2], "accounts") == 0 && parse_int (s->pdata[3], &id) &&
         g_strcmp0 (s->pdata[4], "conversations") == 0 && parse_int (s->pdata[5], &id) &&
         g_strcmp0 (s->pdata[6], "messages") == 0;
}

void
sandbox_api_handle (SandboxShop       *shop,
                    const char        *base_url,
                    SoupServerMessage *msg,
                    const char        *path,
                    SandboxResponse   *response)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GPtrArray) query = parse_query (g_uri_get_query (uri));
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) raw = g_strsplit (path, "/", -1);
  Request r = { 0 };
  char **s;
  guint n;

  /* Path segments, percent-decoded, without empty ones. */
  for (guint i = 0; raw[i]; i++)
    if (*raw[i] != '\0')
      {
        char *seg = g_uri_unescape_string (raw[i], NULL);

        g_ptr_array_add (parts, seg ? seg : g_strdup (raw[i]));
      }
  g_ptr_array_add (parts, NULL);

  r.shop = shop;
  r.base_url = base_url;
  r.msg = msg;
  r.method = soup_server_message_get_method (msg);
  r.segments = (char **) parts->pdata;
  r.n_segments = parts->len - 1;
  r.query = query;
  r.response = response;
  r.now = g_get_real_time () / (double) G_USEC_PER_SEC;
  s = r.segments;
  n = r.n_segments;

  response->status = 404;

  if (n >= 2 && g_strcmp0 (s[0], "rails") == 0 && g_strcmp0 (s[1], "active_storage") == 0)
    {
      handle_files (&r);
      return;
    }
  if (n == 1 && g_strcmp0 (s[0], "api") == 0)
    {
      if (is_method (&r, "GET"))
        handle_version (&r);
      else
        reply_error (&r, 404, "Not Found");
      return;
    }
  if (n < 2 || g_strcmp0 (s[0], "api") != 0 || g_strcmp0 (s[1], "v1") != 0)
    {
      reply_error (&r, 404, "Not Found");
      return;
    }

  {
    SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
    const char *token = soup_message_headers_get_one (headers, "api_access_token");

    if (token == NULL)
      token = soup_message_headers_get_one (headers, "HTTP_API_ACCESS_TOKEN");
    if (token == NULL || shop->token == NULL || strcmp (token, shop->token) != 0)
      {
        reply_error (&r, 401, "Invalid Access Token");
        return;
      }
  }

  if (n == 3 && g_strcmp0 (s[2], "profile") == 0)
    {
      if (is_method (&r, "GET"))
        handle_profile (&r);
      else
        reply_error (&r, 404, "Not Found");
      return;
    }
  if (n >= 4 && g_strcmp0 (s[2], "accounts") == 0)
    {
      gint64 account_id = 0;

      r.account = parse_int (s[3], &account_id) ? sandbox_shop_find_account (shop, account_id) : NULL;
      if (r.account == NULL)
        {
          reply_error (&r, 401, "You are not authorized to access this account");
          return;
        }
      if (g_strcmp0 (r.account->status, "active") != 0)
        {
          reply_error (&r, 401, "Account is suspended");
          return;
        }
      route_account (&r, s + 4, n - 4);
      return;
    }
  reply_error (&r, 404, "Not Found");
}
