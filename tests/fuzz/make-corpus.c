/* make-corpus.c: writes the fuzz targets' seed corpora from the sandbox's
 * own answers and realtime events
 *
 *   make-corpus DIR    (DIR is tests/fuzz/corpus; one folder per target)
 *
 * Inputs larger than MAX_SEED are left out: libFuzzer sizes its inputs
 * after the largest seed, and small seeds mutate faster.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libsoup/soup.h>

#include "bottega-chatwoot-realtime.h"
#include "bottega-sandbox.h"

#define MAX_SEED    4096
#define MAX_PER_KIND 24

static char *out_dir;
static GHashTable *counts;   /* target → number written */

static void
write_seed (const char *target,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (out_dir, target, NULL);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, target));

  if (length < 0)
    length = (gssize) strlen (contents);
  if (length == 0 || length > MAX_SEED || n >= MAX_PER_KIND)
    return;

  g_mkdir_with_parents (dir, 0755);
  name = g_strdup_printf ("sandbox-%02u", n + 1);
  path = g_build_filename (dir, name, NULL);
  if (!g_file_set_contents (path, contents, length, &error))
    g_error ("%s", error->message);
  g_hash_table_insert (counts, g_strdup (target), GUINT_TO_POINTER (n + 1));
}

static void
write_node (const char *target,
            JsonNode   *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  write_seed (target, text, -1);
}

/* An envelope with only the first @keep elements of its list, so that a
 * whole page fits in a seed. */
static void
write_trimmed (const char *target,
               JsonNode   *root,
               JsonArray  *array,
               guint       keep)
{
  g_autoptr(JsonNode) copy = NULL;

  while (json_array_get_length (array) > keep)
    json_array_remove_element (array, json_array_get_length (array) - 1);
  copy = json_node_copy (root);
  write_node (target, copy);
}

static JsonNode *
get_json (SoupSession *session,
          const char  *base,
          const char  *token,
          const char  *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "api_access_token", token);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  if (body == NULL || soup_message_get_status (msg) != 200)
    g_error ("GET %s failed", path);

  data = g_bytes_get_data (body, &len);
  if (!json_parser_load_from_data (parser, data, (gssize) len, &error))
    g_error ("GET %s: %s", path, error->message);
  return json_node_ref (json_parser_get_root (parser));
}

/* ---- realtime ---- */

/* What fuzz-realtime-event and fuzz-cable-frame subscribe with. */
static char *
fuzz_identifier (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, "RoomChannel");
  json_builder_set_member_name (builder, "pubsub_token");
  json_builder_add_string_value (builder, "fuzz-pubsub-token");
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_int_value (builder, 1);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
on_event (BottegaChatwootRealtime *realtime,
          const char              *name,
          JsonNode                *data,
          gpointer                 user_data)
{
  g_autofree char *json = json_to_string (data, FALSE);
  g_autofree char *event = g_strdup_printf ("%s\n%s", name, json);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) frame = NULL;
  g_autofree char *identifier = fuzz_identifier ();
  g_autofree char *frame_text = NULL;

  write_seed ("realtime-event", event, -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identifier");
  json_builder_add_string_value (builder, identifier);
  json_builder_set_member_name (builder, "message");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, json_node_copy (data));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  frame = json_builder_get_root (builder);
  frame_text = json_to_string (frame, FALSE);
  write_seed ("cable-frame", frame_text, -1);

  (*(guint *) user_data)++;
}

static void
record_events (BottegaSandbox *sandbox,
               const char     *pubsub_token,
               gint64          user_id)
{
  g_autoptr(BottegaChatwootRealtime) realtime = NULL;
  g_autofree char *identifier = fuzz_identifier ();
  g_autofree char *confirm = NULL;
  g_autofree char *escaped = g_strescape (identifier, NULL);
  gint64 deadline;
  guint events = 0;

  realtime = bottega_chatwoot_realtime_new (bottega_sandbox_get_url (sandbox), pubsub_token,
                                            bottega_sandbox_get_account_id (sandbox), user_id, 1);
  g_signal_connect (realtime, "event", G_CALLBACK (on_event), &events);
  bottega_chatwoot_realtime_start (realtime);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (bottega_chatwoot_realtime_get_state (realtime) != BOTTEGA_REALTIME_CONNECTED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (bottega_chatwoot_realtime_get_state (realtime) != BOTTEGA_REALTIME_CONNECTED)
    g_error ("The realtime client did not connect");

  /* A customer writes (message.created, conversation.updated), a reply
   * is delivered and read, another fails. */
  {
    gint64 id = bottega_sandbox_add_incoming_message (sandbox, 1, "Buongiorno, avete ancora la borsa in pelle?");

    bottega_sandbox_add_incoming_message (sandbox, 2, "¿Hacen envíos a Valencia?");
    bottega_sandbox_add_incoming_message (sandbox, 3, "Merci ! 👍");
    bottega_sandbox_set_message_status (sandbox, id, "delivered", NULL);
    bottega_sandbox_set_message_status (sandbox, id, "read", NULL);
    bottega_sandbox_set_message_status (sandbox, id, "failed", "Message outside the 24 hour window");
  }

  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  bottega_chatwoot_realtime_stop (realtime);
  if (events == 0)
    g_error ("No realtime event arrived");

  /* The frames that are not events. */
  write_seed ("cable-frame", "{\"type\":\"welcome\"}", -1);
  write_seed ("cable-frame", "{\"type\":\"ping\",\"message\":1767225600}", -1);
  confirm = g_strdup_printf ("{\"identifier\":\"%s\",\"type\":\"confirm_subscription\"}",
                             escaped);
  write_seed ("cable-frame", confirm, -1);
  write_seed ("cable-frame", "{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}", -1);
}

/* ---- product feeds ---- */

/* A CSV field, quoted when it must be. */
static void
append_field (GString    *line,
              const char *value,
              char        delimiter)
{
  if (value == NULL)
    value = "";
  if (strchr (value, delimiter) != NULL || strchr (value, '"') != NULL || strchr (value, '\n') != NULL)
    {
      g_autoptr(GString) quoted = g_string_new (value);

      g_string_replace (quoted, "\"", "\"\"", 0);
      g_string_append_printf (line, "\"%s\"", quoted->str);
    }
  else
    g_string_append (line, value);
}

/* "€189.00" as a feed writes it: "189.00 EUR". */
static char *
feed_price (const char *graph_price)
{
  if (graph_price == NULL || *graph_price == '\0')
    return g_strdup ("");
  if (g_str_has_prefix (graph_price, "€"))
    return g_strdup_printf ("%s EUR", graph_price + strlen ("€"));
  return g_strdup (graph_price);
}

/* The demo catalog, as Graph lists it, written out as product feed files
 * of each dialect the reader knows. */
static void
write_feeds (BottegaSandbox *sandbox,
             SoupSession    *session)
{
  static const char * const columns[] = { "id", "title", "description", "availability", "condition",
                                          "price", "sale_price", "link", "image_link", "brand", NULL };
  static const char * const graph_fields[] = { "retailer_id", "name", "description", "availability", "condition",
                                                "price", "sale_price", "url", "image_url", "brand", NULL };
  static const struct { char delimiter; const char *prefix; gboolean bom; guint first, count; } dialects[] = {
    { ',', "", FALSE, 0, 4 },
    { '\t', "g:", TRUE, 4, 4 },
    { ';', "", FALSE, 8, 3 },
    { ',', "G:", FALSE, 11, 2 },
  };
  g_autofree char *graph = bottega_sandbox_dup_graph_url (sandbox);
  g_autofree char *path = g_strdup_printf ("/%s/products?limit=100&access_token=%s&fields=retailer_id,name,"
                                           "description,availability,condition,price,sale_price,url,image_url,brand",
                                           BOTTEGA_SANDBOX_CATALOG_ID, BOTTEGA_SANDBOX_CATALOG_TOKEN);
  g_autoptr(JsonNode) root = get_json (session, graph, "", path);
  JsonArray *products = json_object_get_array_member (json_node_get_object (root), "data");

  for (guint d = 0; d < G_N_ELEMENTS (dialects); d++)
    {
      g_autoptr(GString) feed = g_string_new (dialects[d].bom ? "\xef\xbb\xbf" : "");

      for (guint c = 0; columns[c] != NULL; c++)
        g_string_append_printf (feed, "%s%s%s", c > 0 ? (char[]) { dialects[d].delimiter, 0 } : "",
                                dialects[d].prefix, columns[c]);
      g_string_append (feed, "\r\n");

      for (guint i = dialects[d].first;
           i < dialects[d].first + dialects[d].count && i < json_array_get_length (products); i++)
        {
          JsonObject *product = json_array_get_object_element (products, i);

          for (guint c = 0; graph_fields[c] != NULL; c++)
            {
              const char *value = json_object_get_string_member_with_default (product, graph_fields[c], "");
              g_autofree char *price = NULL;

              if (c > 0)
                g_string_append_c (feed, dialects[d].delimiter);
              if (g_str_has_suffix (graph_fields[c], "price"))
                value = price = feed_price (value);
              append_field (feed, value, dialects[d].delimiter);
            }
          g_string_append (feed, "\r\n");
        }
      write_seed ("catalog-feed", feed->str, -1);
    }

  /* The shapes the reader refuses or skips, on the same products. */
  write_seed ("catalog-feed", "id,title,price\n", -1);
  write_seed ("catalog-feed", "title,description\nBorsa,Pelle\n", -1);
  write_seed ("catalog-feed", "id,title,price,availability\nBM-1,Borsa,189.00 EUR,in stock\nBM-1,Doppione,1 EUR,in stock\n"
                              "BM-2,Zaino,gratis,in stock\nBM-3,Cintura,39.00 EUR,forse\nBM-4,\"Quoted, \"\"comma\"\"\n"
                              "and newline\",12,50 EUR,out of stock\n", -1);
}

/* ---- texts ---- */

static const char * const hostile_texts[] = {
  "<b>bold</b> <span foreground=\"red\">red</span> &amp; &lt;",
  "<a href=\"javascript:alert(1)\">click</a> <a href=\"file:///etc/passwd\">here</a>",
  "Ordine pronto: https://shop.example.com/ordini/123?x=1&y=2. Grazie!",
  "Scrivi a maria.rossi@example.it o chiama tel:+390212345678 (mailto:info@example.com)",
  "(see https://example.com/wiki/Bag_(leather)) and [https://example.com/a]",
  "invoice\xe2\x80\xae" "fdp.exe \xe2\x80\x8bzero\xe2\x80\x8dwidth \xe2\x81\xa6isolate\xe2\x81\xa9",
  "line one\r\nline two\ttab\x01\x02\x7f",
  "https://user:pass@evil.example/ http:// https://",
  NULL
};

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaSandbox) sandbox = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonNode) profile = NULL;
  g_autoptr(JsonNode) inboxes = NULL;
  g_autoptr(JsonNode) canned = NULL;
  g_autofree char *account = NULL;
  const char *base;
  const char *token;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s CORPUS-DIR\n", argv[0]);
      return 2;
    }
  out_dir = argv[1];
  counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  sandbox = bottega_sandbox_new (NULL, &error);
  if (sandbox == NULL || !bottega_sandbox_start (sandbox, 0, &error))
    g_error ("%s", error->message);
  base = bottega_sandbox_get_url (sandbox);
  token = bottega_sandbox_get_token (sandbox);
  account = g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT, bottega_sandbox_get_account_id (sandbox));

  profile = get_json (session, base, token, "/api/v1/profile");

  /* The text target reads a first byte as the preview length. */
  for (guint i = 0; hostile_texts[i] != NULL; i++)
    {
      g_autofree char *seed = g_strconcat ("(", hostile_texts[i], NULL);

      write_seed ("text", seed, -1);
    }


  {
    g_autofree char *path = g_strconcat (account, "/inboxes", NULL);
    JsonArray *payload;

    inboxes = get_json (session, base, token, path);
    payload = json_object_get_array_member (json_node_get_object (inboxes), "payload");
    for (guint i = 0; i < json_array_get_length (payload); i++)
      write_node ("inbox", json_array_get_element (payload, i));
    write_trimmed ("inbox", inboxes, payload, 1);
  }

  {
    g_autofree char *path = g_strconcat (account, "/canned_responses", NULL);
    JsonArray *array;

    canned = get_json (session, base, token, path);
    array = json_node_get_array (canned);
    for (guint i = 0; i < json_array_get_length (array); i++)
      write_node ("canned-response", json_array_get_element (array, i));
    write_trimmed ("canned-response", canned, array, 3);
  }

  for (guint page = 1; page <= 2; page++)
    {
      g_autofree char *path = g_strdup_printf ("%s/conversations?status=all&page=%u", account, page);
      g_autoptr(JsonNode) root = get_json (session, base, token, path);
      JsonObject *data = json_object_get_object_member (json_node_get_object (root), "data");
      JsonArray *payload = json_object_get_array_member (data, "payload");

      for (guint i = 0; i < json_array_get_length (payload); i++)
        {
          JsonObject *conversation = json_array_get_object_element (payload, i);
          JsonObject *meta = json_object_get_object_member (conversation, "meta");
          gint64 display_id = json_object_get_int_member (conversation, "id");
          g_autofree char *messages_path = NULL;
          g_autoptr(JsonNode) messages = NULL;
          JsonArray *messages_payload;

          write_node ("conversation", json_array_get_element (payload, i));
          if (meta != NULL && json_object_has_member (meta, "sender"))
            write_node ("contact", json_object_get_member (meta, "sender"));

          messages_path = g_strdup_printf ("%s/conversations/%" G_GINT64_FORMAT "/messages", account, display_id);
          messages = get_json (session, base, token, messages_path);
          messages_payload = json_object_get_array_member (json_node_get_object (messages), "payload");
          for (guint j = 0; j < json_array_get_length (messages_payload); j++)
            {
              JsonObject *message = json_array_get_object_element (messages_payload, j);

              /* Those with attachments first: they are the rarer kind. */
              if (json_object_has_member (message, "attachments"))
                write_node ("message", json_array_get_element (messages_payload, j));
              if (json_object_has_member (message, "content") &&
                  !json_object_get_null_member (message, "content"))
                write_seed ("text", json_object_get_string_member (message, "content"), -1);
            }
          if (i == 0)
            write_trimmed ("message", messages, messages_payload, 2);
          else if (json_array_get_length (messages_payload) > 0)
            write_node ("message", json_array_get_element (messages_payload, 0));
        }
      write_trimmed ("conversation", root, payload, 2);
    }

  write_feeds (sandbox, session);

  {
    JsonObject *p = json_node_get_object (profile);

    record_events (sandbox, json_object_get_string_member (p, "pubsub_token"),
                   json_object_get_int_member (p, "id"));
  }

  bottega_sandbox_stop (sandbox);
  return 0;
}
