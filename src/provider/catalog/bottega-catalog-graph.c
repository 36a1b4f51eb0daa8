/* bottega-catalog-graph.c: Meta's Graph catalog API as a catalog source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-provider"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bottega-catalog-graph.h"

#define DEFAULT_TIMEOUT     30
/* Characters of the server's error message kept. */
#define MAX_ERROR_CHARS     400

struct _BottegaCatalogGraph
{
  GObject  parent_instance;

  char    *base_url;     /* no trailing slash */
  char    *catalog_id;
  char    *token;

  /* guarded by @lock: set from any thread, read by the fetching one */
  GMutex   lock;
  guint    page_size;
  guint    max_pages;
  guint    timeout;
};

static void bottega_catalog_graph_source_iface_init (BottegaCatalogSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BottegaCatalogGraph, bottega_catalog_graph, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BOTTEGA_TYPE_CATALOG_SOURCE,
                                                      bottega_catalog_graph_source_iface_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_CATALOG_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- addresses ---- */

/* https:// anywhere, http:// only to this computer; no query, fragment or
 * credentials in a base address. */
static gboolean
check_base_url (const char  *url,
                GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL,
                           _("This is not the address of Meta's Graph API, such as "
                             "https://graph.facebook.com/v23.0"));
      return FALSE;
    }

  if (bottega_catalog_uri_is_allowed (uri))
    return TRUE;

  g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL,
                       /* Translators: do not translate "https://" and "http://" */
                       _("Bottega only connects to https:// servers (http:// only on this computer)"));
  return FALSE;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

static gboolean
token_is_sendable (const char *token)
{
  if (token == NULL || *token == '\0')
    return FALSE;

  for (const char *p = token; *p; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f)
      return FALSE;

  return TRUE;
}

/* ---- errors ---- */

/* The server's words for the user: without the token, on one line, short. */
static char *
server_text (const char *text,
             const char *token)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n = 0;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  if (token != NULL && *token != '\0' && strstr (valid, token) != NULL)
    {
      g_autoptr(GString) without = g_string_new (valid);

      g_string_replace (without, token, "[redacted]", 0);
      g_free (valid);
      valid = g_string_free (g_steal_pointer (&without), FALSE);
    }

  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }
      if (n >= MAX_ERROR_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n++;
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static BottegaProviderError
code_for_graph_error (gint64   code,
                      gboolean transient,
                      guint    status)
{
  switch (code)
    {
    case 102:
    case 190:
      return BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED;
    case 3:
    case 10:
      return BOTTEGA_PROVIDER_ERROR_FORBIDDEN;
    case 4:
    case 17:
    case 32:
    case 613:
    case 80004:
    case 80007:
    case 80008:
    case 80014:
      return BOTTEGA_PROVIDER_ERROR_RATE_LIMITED;
    case 1:
    case 2:
      return BOTTEGA_PROVIDER_ERROR_SERVER;
    default:
      break;
    }

  if (code >= 200 && code <= 299)
    return BOTTEGA_PROVIDER_ERROR_FORBIDDEN;
  if (transient)
    return BOTTEGA_PROVIDER_ERROR_SERVER;
  if (status == 404)
    return BOTTEGA_PROVIDER_ERROR_NOT_FOUND;
  if (status >= 500)
    return BOTTEGA_PROVIDER_ERROR_SERVER;
  return BOTTEGA_PROVIDER_ERROR_INVALID;
}

/* {"error":{"message","type","code","fbtrace_id",…}} → @error; FALSE when
 * @root is no Graph error. */
static gboolean
set_graph_error (JsonNode    *root,
                 guint        status,
                 const char  *token,
                 GError     **error)
{
  JsonObject *object, *graph_error;
  g_autofree char *message = NULL;
  gint64 code = 0;
  gboolean transient = FALSE;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "error") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
    return FALSE;

  graph_error = json_object_get_object_member (object, "error");
  if (json_object_has_member (graph_error, "code") &&
      json_node_get_value_type (json_object_get_member (graph_error, "code")) == G_TYPE_INT64)
    code = json_object_get_int_member (graph_error, "code");
  if (json_object_has_member (graph_error, "is_transient") &&
      json_node_get_value_type (json_object_get_member (graph_error, "is_transient")) == G_TYPE_BOOLEAN)
    transient = json_object_get_boolean_member (graph_error, "is_transient");
  if (json_object_has_member (graph_error, "message") &&
      json_node_get_value_type (json_object_get_member (graph_error, "message")) == G_TYPE_STRING)
    message = server_text (json_object_get_string_member (graph_error, "message"), token);

  g_debug ("The catalog API answered HTTP %u with Graph error %" G_GINT64_FORMAT, status, code);

  if (message == NULL)
    /* Translators: %lld is an error code of Meta's Graph API */
    message = g_strdup_printf (_("Meta's catalog API refused the request (error %lld)"), (long long) code);

  g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, code_for_graph_error (code, transient, status), message);
  return TRUE;
}

static void
set_status_error (guint    status,
                  GError **error)
{
  BottegaProviderError code;
  g_autofree char *message = NULL;

  if (status == 401)
    {
      code = BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED;
      message = g_strdup (_("Meta's catalog API refused the access token"));
    }
  else if (status == 403)
    {
      code = BOTTEGA_PROVIDER_ERROR_FORBIDDEN;
      message = g_strdup (_("The access token may not read this catalog"));
    }
  else if (status == 404)
    {
      code = BOTTEGA_PROVIDER_ERROR_NOT_FOUND;
      message = g_strdup (_("There is no such catalog at this address"));
    }
  else if (status == 429)
    {
      code = BOTTEGA_PROVIDER_ERROR_RATE_LIMITED;
      message = g_strdup (_("Meta's catalog API asks Bottega to slow down for a while"));
    }
  else if (status >= 500)
    {
      code = BOTTEGA_PROVIDER_ERROR_SERVER;
      /* Translators: %u is an HTTP status code such as 503 */
      message = g_strdup_printf (_("The catalog server ran into a problem (HTTP %u); try again later"), status);
    }
  else if (status >= 400)
    {
      code = BOTTEGA_PROVIDER_ERROR_INVALID;
      /* Translators: %u is an HTTP status code such as 400 */
      message = g_strdup_printf (_("The catalog server refused the request (HTTP %u)"), status);
    }
  else
    {
      /* Redirects are not followed: the token would travel with them. */
      code = BOTTEGA_PROVIDER_ERROR_MALFORMED;
      /* Translators: %u is an HTTP status code such as 302 */
      message = g_strdup_printf (_("The catalog server answered with an unexpected page: HTTP %u"), status);
    }

  g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, code, message);
}

static void
set_transport_error (GError  *cause,
                     GError **error)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (cause));
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TIMEOUT,
                         _("The catalog server did not answer in time"));
  else
    /* Translators: %s is the reason, such as “Connection refused” */
    g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NETWORK,
                 _("Cannot reach the catalog server: %s"), cause->message);
}

static void
set_malformed (GError     **error,
               const char  *what)
{
  g_debug ("Malformed catalog page: %s", what);
  g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED,
                       _("Meta's catalog API answered with something that is not a product list"));
}

/* ---- one page ---- */

static GBytes *
read_body (GInputStream  *stream,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  guint8 chunk[16384];

  for (;;)
    {
      gssize n = g_input_stream_read (stream, chunk, sizeof chunk, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (body->len + (gsize) n > BOTTEGA_CATALOG_GRAPH_MAX_BODY)
        {
          g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE,
                               _("A page of the catalog is larger than Bottega accepts"));
          return NULL;
        }
      g_byte_array_append (body, chunk, n);
    }

  if (!g_input_stream_close (stream, cancellable, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

/* GETs @uri and returns its JSON when it is a page of products. */
static JsonNode *
get_page (BottegaCatalogGraph  *self,
          SoupSession          *session,
          GUri                 *uri,
          GCancellable         *cancellable,
          GError              **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new_from_uri ("GET", uri);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  JsonNode *root;
  guint status;
  gboolean parsed;

  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  stream = soup_session_send (session, msg, cancellable, &local_error);
  if (stream == NULL)
    {
      set_transport_error (local_error, error);
      return NULL;
    }

  g_clear_error (&local_error);
  body = read_body (stream, cancellable, &local_error);
  if (body == NULL)
    {
      if (local_error->domain == BOTTEGA_PROVIDER_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_transport_error (local_error, error);
      return NULL;
    }

  status = soup_message_get_status (msg);
  parsed = json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  root = parsed ? json_parser_get_root (parser) : NULL;

  if (set_graph_error (root, status, self->token, error))
    return NULL;
  if (status < 200 || status > 299)
    {
      set_status_error (status, error);
      return NULL;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_malformed (error, "not a JSON object");
      return NULL;
    }

  return json_node_copy (root);
}

/* ---- items to products ---- */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
web_address (const char *text)
{
  if (text == NULL || strlen (text) > 4096 ||
      (g_ascii_strncasecmp (text, "https://", 8) != 0 && g_ascii_strncasecmp (text, "http://", 7) != 0) ||
      !g_uri_is_valid (text, G_URI_FLAGS_PARSE_RELAXED, NULL))
    return NULL;
  return text;
}

static char *
nonempty_strip (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static BottegaProduct *
item_to_product (JsonNode              *item,
                 guint                  position,
                 GHashTable            *seen,
                 BottegaCatalogImport  *import)
{
  g_autoptr(BottegaProduct) product = NULL;
  g_autofree char *retailer_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *reason = NULL;
  JsonObject *object;
  const char *price_text, *sale_text, *availability_text, *condition;
  BottegaAvailability availability = BOTTEGA_AVAILABILITY_IN_STOCK;
  gint64 price = 0;

  if (!JSON_NODE_HOLDS_OBJECT (item))
    {
      bottega_catalog_import_skip (import, position, NULL, _("the item is not a product"));
      return NULL;
    }
  object = json_node_get_object (item);

  retailer_id = nonempty_strip (member_string (object, "retailer_id"));
  if (retailer_id == NULL || !g_utf8_validate (retailer_id, -1, NULL))
    {
      bottega_catalog_import_skip (import, position, NULL, _("the product has no retailer id"));
      return NULL;
    }
  if (g_utf8_strlen (retailer_id, -1) > BOTTEGA_CATALOG_MAX_RETAILER_ID)
    {
      reason = g_strdup_printf (_("the id is longer than %u characters"), BOTTEGA_CATALOG_MAX_RETAILER_ID);
      bottega_catalog_import_skip (import, position, NULL, reason);
      return NULL;
    }
  if (g_hash_table_contains (seen, retailer_id))
    {
      bottega_catalog_import_skip (import, position, retailer_id, _("the retailer id is repeated"));
      return NULL;
    }

  name = nonempty_strip (member_string (object, "name"));
  if (name == NULL)
    {
      bottega_catalog_import_skip (import, position, retailer_id, _("the product has no title"));
      return NULL;
    }

  price_text = member_string (object, "price");
  if (!bottega_price_parse_display (price_text, member_string (object, "currency"), &price, &currency))
    {
      g_autofree char *shown = g_utf8_make_valid (price_text != NULL ? price_text : "", 40);

      /* Translators: %s is the price as the catalog gives it */
      reason = g_strdup_printf (_("the price “%s” cannot be read"), shown);
      bottega_catalog_import_skip (import, position, retailer_id, reason);
      return NULL;
    }

  product = bottega_product_new ();
  bottega_product_set_retailer_id (product, retailer_id);
  bottega_product_set_name (product, name);
  bottega_product_set_price_minor (product, price);
  bottega_product_set_currency (product, currency);

  /* A sale price that cannot be read only loses the sale. */
  sale_text = member_string (object, "sale_price");
  if (sale_text != NULL)
    {
      g_autofree char *sale_currency = NULL;
      gint64 sale = -1;

      if (bottega_price_parse_display (sale_text, currency, &sale, &sale_currency) &&
          g_str_equal (sale_currency, currency) && sale > 0)
        bottega_product_set_sale_price_minor (product, sale);
    }

  availability_text = member_string (object, "availability");
  if (g_strcmp0 (availability_text, "mark_as_sold") == 0)
    availability = BOTTEGA_AVAILABILITY_OUT_OF_STOCK;
  else if (availability_text != NULL)
    bottega_availability_from_string (availability_text, &availability);
  bottega_product_set_availability (product, availability);

  condition = member_string (object, "condition");
  if (g_strcmp0 (condition, "new") == 0 || g_strcmp0 (condition, "used") == 0 ||
      g_strcmp0 (condition, "refurbished") == 0)
    bottega_product_set_condition (product, condition);

  {
    g_autofree char *description = nonempty_strip (member_string (object, "description"));
    g_autofree char *brand = nonempty_strip (member_string (object, "brand"));

    bottega_product_set_description (product, description);
    bottega_product_set_brand (product, brand);
  }
  bottega_product_set_link (product, web_address (member_string (object, "url")));
  bottega_product_set_image_url (product, web_address (member_string (object, "image_url")));

  g_hash_table_add (seen, g_steal_pointer (&retailer_id));
  return g_steal_pointer (&product);
}

/* ---- fetching ---- */

static GUri *
first_page_uri (BottegaCatalogGraph  *self,
                guint                 page_size,
                const char           *after,
                GError              **error)
{
  g_autofree char *escaped_id = g_uri_escape_string (self->catalog_id, NULL, FALSE);
  g_autofree char *escaped_after = after != NULL ? g_uri_escape_string (after, NULL, FALSE) : NULL;
  g_autofree char *text = NULL;
  GUri *uri;

  text = g_strdup_printf ("%s/%s/products?fields=%s&limit=%u%s%s",
                          self->base_url, escaped_id, BOTTEGA_CATALOG_GRAPH_FIELDS, page_size,
                          escaped_after != NULL ? "&after=" : "",
                          escaped_after != NULL ? escaped_after : "");
  uri = g_uri_parse (text, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL,
                         _("The catalog id cannot be part of a web address"));
  return uri;
}

static BottegaCatalogImport *
bottega_catalog_graph_fetch (BottegaCatalogSource  *source,
                             GCancellable          *cancellable,
                             GError               **error)
{
  BottegaCatalogGraph *self = BOTTEGA_CATALOG_GRAPH (source);
  g_autoptr(BottegaCatalogImport) import = bottega_catalog_import_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *after = NULL;
  guint page_size, max_pages, timeout;
  guint position = 0;

  g_mutex_lock (&self->lock);
  page_size = self->page_size;
  max_pages = self->max_pages;
  timeout = self->timeout;
  g_mutex_unlock (&self->lock);

  if (!token_is_sendable (self->token))
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED,
                           _("The catalog's access token is missing or not valid"));
      return NULL;
    }

  /* A session of this thread's own, for this fetch. */
  session = soup_session_new_with_options ("user-agent", "Bottega/" PACKAGE_VERSION,
                                           "timeout", timeout,
                                           "idle-timeout", 30,
                                           NULL);
  base = g_uri_parse (self->base_url, G_URI_FLAGS_ENCODED, NULL);
  uri = first_page_uri (self, page_size, NULL, error);
  if (uri == NULL || base == NULL)
    return NULL;

  for (guint page = 1; ; page++)
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object, *paging = NULL;
      JsonNode *data;
      const char *next = NULL;
      const char *cursor = NULL;

      if (page > max_pages)
        {
          /* Translators: %u is a number of pages */
          g_set_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_TOO_LARGE,
                       _("The catalog has more than %u pages of products, more than Bottega reads"),
                       max_pages);
          return NULL;
        }

      root = get_page (self, session, uri, cancellable, error);
      if (root == NULL)
        return NULL;

      object = json_node_get_object (root);
      data = json_object_get_member (object, "data");
      if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
        {
          set_malformed (error, "no data array");
          return NULL;
        }

      {
        JsonArray *items = json_node_get_array (data);

        for (guint i = 0; i < json_array_get_length (items); i++)
          {
            BottegaProduct *product = item_to_product (json_array_get_element (items, i),
                                                       ++position, seen, import);

            if (product == NULL)
              continue;
            if (import->products->len >= BOTTEGA_CATALOG_MAX_PRODUCTS)
              {
                g_object_unref (product);
                g_set_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_TOO_LARGE,
                             _("The catalog has more than %u products, more than Bottega keeps"),
                             (guint) BOTTEGA_CATALOG_MAX_PRODUCTS);
                return NULL;
              }
            g_ptr_array_add (import->products, product);
          }
      }

      if (json_object_has_member (object, "paging") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "paging")))
        paging = json_object_get_object_member (object, "paging");
      if (paging != NULL)
        {
          next = member_string (paging, "next");
          if (json_object_has_member (paging, "cursors") &&
              JSON_NODE_HOLDS_OBJECT (json_object_get_member (paging, "cursors")))
            cursor = member_string (json_object_get_object_member (paging, "cursors"), "after");
        }

      /* No "next": that was the last page. */
      if (next == NULL)
        break;

      g_clear_pointer (&uri, g_uri_unref);
      if (cursor != NULL && *cursor != '\0')
        {
          /* The same cursor twice would loop for ever. */
          if (g_strcmp0 (cursor, after) == 0)
            {
              set_malformed (error, "repeated cursor");
              return NULL;
            }
          g_free (after);
          after = g_strdup (cursor);
          uri = first_page_uri (self, page_size, after, error);
          if (uri == NULL)
            return NULL;
        }
      else
        {
          /* Only "next": followed on the same server, never elsewhere
           * with the token. */
          uri = g_uri_parse (next, G_URI_FLAGS_ENCODED, NULL);
          if (uri == NULL || !same_origin (uri, base))
            {
              set_malformed (error, "next page elsewhere");
              return NULL;
            }
        }
    }

  g_debug ("Catalog read: %u products, %u items skipped", import->products->len, import->n_skipped);
  return g_steal_pointer (&import);
}

static void
bottega_catalog_graph_source_iface_init (BottegaCatalogSourceInterface *iface)
{
  iface->fetch = bottega_catalog_graph_fetch;
}

/* ---- GObject ---- */

static void
bottega_catalog_graph_finalize (GObject *object)
{
  BottegaCatalogGraph *self = BOTTEGA_CATALOG_GRAPH (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->catalog_id, g_free);
  if (self->token != NULL)
    {
      memset (self->token, 0, strlen (self->token));
      g_clear_pointer (&self->token, g_free);
    }
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (bottega_catalog_graph_parent_class)->finalize (object);
}

static void
bottega_catalog_graph_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BottegaCatalogGraph *self = BOTTEGA_CATALOG_GRAPH (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_CATALOG_ID:
      g_value_set_string (value, self->catalog_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_catalog_graph_class_init (BottegaCatalogGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bottega_catalog_graph_finalize;
  object_class->get_property = bottega_catalog_graph_get_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_CATALOG_ID] =
    g_param_spec_string ("catalog-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_catalog_graph_init (BottegaCatalogGraph *self)
{
  g_mutex_init (&self->lock);
  self->page_size = BOTTEGA_CATALOG_GRAPH_PAGE_SIZE;
  self->max_pages = BOTTEGA_CATALOG_GRAPH_MAX_PAGES;
  self->timeout = DEFAULT_TIMEOUT;
}

BottegaCatalogGraph *
bottega_catalog_graph_new (const char  *base_url,
                           const char  *catalog_id,
                           const char  *token,
                           GError     **error)
{
  BottegaCatalogGraph *self;
  g_autofree char *url = NULL;
  gsize len;

  g_return_val_if_fail (catalog_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = g_strdup (base_url != NULL ? base_url : BOTTEGA_CATALOG_GRAPH_DEFAULT_BASE_URL);
  g_strstrip (url);
  len = strlen (url);
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  if (!check_base_url (url, error))
    return NULL;

  if (*catalog_id == '\0')
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INVALID,
                           _("Enter the id of the catalog in Commerce Manager"));
      return NULL;
    }

  self = g_object_new (BOTTEGA_TYPE_CATALOG_GRAPH, NULL);
  self->base_url = g_steal_pointer (&url);
  self->catalog_id = g_strdup (catalog_id);
  self->token = g_strdup (token);
  return self;
}

const char *
bottega_catalog_graph_get_base_url (BottegaCatalogGraph *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CATALOG_GRAPH (self), NULL);

  return self->base_url;
}

const char *
bottega_catalog_graph_get_catalog_id (BottegaCatalogGraph *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CATALOG_GRAPH (self), NULL);

  return self->catalog_id;
}

void
bottega_catalog_graph_set_page_size (BottegaCatalogGraph *self,
                                     guint                page_size)
{
  g_return_if_fail (BOTTEGA_IS_CATALOG_GRAPH (self));
  g_return_if_fail (page_size >= 1 && page_size <= 100);

  g_mutex_lock (&self->lock);
  self->page_size = page_size;
  g_mutex_unlock (&self->lock);
}

void
bottega_catalog_graph_set_max_pages (BottegaCatalogGraph *self,
                                     guint                max_pages)
{
  g_return_if_fail (BOTTEGA_IS_CATALOG_GRAPH (self));
  g_return_if_fail (max_pages >= 1);

  g_mutex_lock (&self->lock);
  self->max_pages = max_pages;
  g_mutex_unlock (&self->lock);
}

void
bottega_catalog_graph_set_timeout (BottegaCatalogGraph *self,
                                   guint                seconds)
{
  g_return_if_fail (BOTTEGA_IS_CATALOG_GRAPH (self));
  g_return_if_fail (seconds >= 1);

  g_mutex_lock (&self->lock);
  self->timeout = seconds;
  g_mutex_unlock (&self->lock);
}
