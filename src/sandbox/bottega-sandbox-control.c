/* bottega-sandbox-control.c: /_sandbox/, the test hooks over HTTP for other processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-sandbox"

#include "config.h"

#include <string.h>

#include "bottega-sandbox-private.h"

/* Not part of Chatwoot's API: tests that run `bottegactl sandbox` in
 * another process steer it through these, with the agent's token. They
 * are never delayed, throttled or failed by the faults they set. */

static void
reply (SandboxResponse *response,
       guint            status,
       JsonObject      *body)
{
  g_clear_pointer (&response->body, json_node_unref);
  response->status = status;
  response->body = sandbox_json_take_object (body);
}

static void
reply_error (SandboxResponse *response,
             guint            status,
             const char      *message)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "error", message);
  reply (response, status, o);
}

static JsonObject *
body_object (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (len == 0)
    return json_object_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* An optional whole number in [0, @max]. FALSE when present but not one. */
static gboolean
member_uint (JsonObject *o,
             const char *name,
             guint64     max,
             gboolean   *present,
             guint64    *out)
{
  JsonNode *node = json_object_get_member (o, name);

  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  if (json_node_get_int (node) < 0 || (guint64) json_node_get_int (node) > max)
    return FALSE;
  *present = TRUE;
  *out = (guint64) json_node_get_int (node);
  return TRUE;
}

/* An optional probability in [0, 1]. */
static gboolean
member_rate (JsonObject *o,
             const char *name,
             gboolean   *present,
             double     *out)
{
  JsonNode *node = json_object_get_member (o, name);
  double value;

  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = (double) json_node_get_int (node);
  else
    return FALSE;
  if (!(value >= 0.0 && value <= 1.0))
    return FALSE;
  *present = TRUE;
  *out = value;
  return TRUE;
}

static void
control_incoming (BottegaSandbox    *sandbox,
                  JsonObject        *body,
                  SandboxResponse   *response)
{
  const char *content = json_object_get_string_member_with_default (body, "content", NULL);
  gboolean present = FALSE;
  guint64 conversation_id = 0;
  gint64 id;
  JsonObject *o;

  if (!member_uint (body, "conversation_id", G_MAXINT64, &present, &conversation_id) || !present ||
      content == NULL || *content == '\0')
    {
      reply_error (response, 422, "conversation_id and content are required");
      return;
    }
  id = bottega_sandbox_add_incoming_message (sandbox, (gint64) conversation_id, content);
  if (id == 0)
    {
      reply_error (response, 404, "Resource could not be found");
      return;
    }
  o = json_object_new ();
  json_object_set_int_member (o, "id", id);
  reply (response, 200, o);
}

static void
control_websockets_drop (BottegaSandbox    *sandbox,
                         JsonObject        *body,
                         SandboxResponse   *response)
{
  gboolean present = FALSE;
  guint64 seconds = 0;
  guint n;
  JsonObject *o;

  if (!member_uint (body, "refuse_seconds", 24 * 3600, &present, &seconds))
    {
      reply_error (response, 422, "refuse_seconds must be a number of seconds");
      return;
    }
  n = bottega_sandbox_get_n_websockets (sandbox);
  bottega_sandbox_drop_websockets (sandbox, (guint) seconds);
  o = json_object_new ();
  json_object_set_int_member (o, "dropped", n);
  reply (response, 200, o);
}

static void
control_faults (BottegaSandbox    *sandbox,
                JsonObject        *body,
                SandboxResponse   *response)
{
  gboolean has_latency, has_status, has_count, has_drop_after, has_drop, has_error, has_seed, has_limit;
  guint64 latency = 0, status = 0, count = 0, drop_after = 0, seed = 0, limit = 0;
  double drop_rate = 0.0, error_rate = 0.0;

  if (!member_uint (body, "latency_ms", 600000, &has_latency, &latency) ||
      !member_uint (body, "fail_status", 599, &has_status, &status) ||
      !member_uint (body, "fail_count", G_MAXUINT, &has_count, &count) ||
      !member_uint (body, "drop_after_commit", G_MAXUINT, &has_drop_after, &drop_after) ||
      !member_rate (body, "drop_rate", &has_drop, &drop_rate) ||
      !member_rate (body, "error_rate", &has_error, &error_rate) ||
      !member_uint (body, "seed", G_MAXUINT32, &has_seed, &seed) ||
      !member_uint (body, "rate_limit_seconds", 24 * 3600, &has_limit, &limit) ||
      (has_status && status < 100) ||
      drop_rate + error_rate > 1.0)
    {
      reply_error (response, 422, "Invalid fault settings");
      return;
    }

  if (has_latency)
    bottega_sandbox_set_latency (sandbox, (guint) latency);
  if (has_status || has_count)
    bottega_sandbox_fail_next (sandbox, has_status ? (guint) status : 500, has_count ? (guint) count : 1);
  if (has_drop_after)
    bottega_sandbox_drop_after_commit_next (sandbox, (guint) drop_after);
  if (has_drop || has_error)
    bottega_sandbox_set_post_faults (sandbox, drop_rate, error_rate, (guint32) seed);
  if (has_limit)
    bottega_sandbox_rate_limit_for (sandbox, (guint) limit);
  reply (response, 200, json_object_new ());
}

static void
control_messages (BottegaSandbox    *sandbox,
                  SoupServerMessage *msg,
                  SandboxResponse   *response)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) query = g_uri_get_query (uri) ? soup_form_decode (g_uri_get_query (uri)) : NULL;
  const char *id_text = query ? g_hash_table_lookup (query, "conversation_id") : NULL;
  const char *content = query ? g_hash_table_lookup (query, "content") : NULL;
  guint64 id = 0;
  JsonObject *o;

  if (id_text == NULL || content == NULL ||
      !g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL))
    {
      reply_error (response, 422, "conversation_id and content are required");
      return;
    }
  o = json_object_new ();
  json_object_set_int_member (o, "count", bottega_sandbox_count_messages (sandbox, (gint64) id, content));
  reply (response, 200, o);
}

void
sandbox_control_handle (BottegaSandbox    *sandbox,
                        SoupServerMessage *msg,
                        const char        *path,
                        SandboxResponse   *response)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *token = soup_message_headers_get_one (headers, "api_access_token");
  const char *method = soup_server_message_get_method (msg);
  const char *what = path + strlen ("/_sandbox/");
  gboolean post = g_strcmp0 (method, "POST") == 0;
  g_autoptr(JsonObject) body = NULL;

  if (token == NULL || g_strcmp0 (token, bottega_sandbox_get_token (sandbox)) != 0)
    {
      reply_error (response, 401, "Invalid Access Token");
      return;
    }

  if (g_str_equal (what, "messages") && g_strcmp0 (method, "GET") == 0)
    {
      control_messages (sandbox, msg, response);
      return;
    }
  if (!post || (!g_str_equal (what, "incoming") && !g_str_equal (what, "websockets/drop") &&
                !g_str_equal (what, "faults")))
    {
      reply_error (response, 404, "Not Found");
      return;
    }

  body = body_object (msg);
  if (body == NULL)
    {
      reply_error (response, 422, "The body must be a JSON object");
      return;
    }
  if (g_str_equal (what, "incoming"))
    control_incoming (sandbox, body, response);
  else if (g_str_equal (what, "websockets/drop"))
    control_websockets_drop (sandbox, body, response);
  else
    control_faults (sandbox, body, response);
}
