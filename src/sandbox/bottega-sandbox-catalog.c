/* bottega-sandbox-catalog.c: the demo shop's product catalog, served as Meta's Graph catalog API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-sandbox"

#include "config.h"

#include <string.h>

#include "bottega-sandbox-private.h"

#define GRAPH_PREFIX        "/graph/"
#define IMAGES_PATH         "/graph/catalog-images/"
#define DEFAULT_LIMIT       25
#define MAX_LIMIT           100
#define DEFAULT_FIELDS      "id,retailer_id,name"
#define LINK_BASE           "https://www.bottegamarchetti.it/prodotti/"

/* ---- the demo catalog ----
 *
 * A leather and linen workshop in Florence (the shop of shop.json): each
 * model comes in a few colours, and each colour is a product of its own,
 * as Commerce Manager lists variants. Names in Italian, descriptions in
 * Italian and Portuguese, euro prices with cents. */

typedef struct {
  const char *code;     /* in the retailer id */
  const char *slug;     /* in the link */
  const char *it;       /* the colour's name in the product name */
  guint8      rgb[3];
} Colour;

static const Colour colours[] = {
  { "COG", "cognac", "cognac", { 154, 84, 38 } },
  { "NER", "nero", "nero", { 38, 34, 32 } },
  { "BOR", "bordeaux", "bordeaux", { 112, 24, 42 } },
  { "CUO", "cuoio", "cuoio", { 196, 146, 98 } },
  { "OLI", "oliva", "verde oliva", { 98, 106, 58 } },
  { "BLU", "blu", "blu notte", { 32, 44, 82 } },
  { "MAR", "marrone", "marrone", { 102, 64, 42 } },
  { "AZZ", "azzurro", "azzurro", { 150, 188, 218 } },
  { "SAB", "sabbia", "sabbia", { 212, 194, 158 } },
};

typedef struct {
  const char *code;          /* retailer id stem */
  const char *slug;
  const char *shape;         /* bottega-sandbox-media.c's drawings; others get a plain block */
  const char *name;          /* Italian */
  const char *description;   /* Italian · Portuguese */
  const char *brand;
  gint64      cents;
  const char *colours;       /* colour codes, space separated */
} Model;

static const Model models[] = {
  { "DUOMO", "borsa-tracolla-duomo", "bag", "Borsa a tracolla Duomo",
    "Borsa a tracolla in pelle conciata al vegetale, cucita a mano nel nostro laboratorio di Firenze. "
    "Tracolla regolabile, fibbia in ottone. · Bolsa tiracolo em couro curtido vegetal, costurada à mão "
    "em Florença. Alça ajustável, fivela de latão.",
    "Bottega Marchetti", 18900, "COG NER BOR" },
  { "OLTRARNO", "shopper-oltrarno", "tote", "Shopper in pelle Oltrarno",
    "Shopper capiente in pelle morbida, con tasca interna con zip: ci sta un portatile da 14\". "
    "· Bolsa shopper de couro macio com bolso interno com zíper; cabe um portátil de 14\".",
    "Bottega Marchetti", 24500, "CUO OLI NER" },
  { "PORTAF", "portafoglio-classico", "wallet", "Portafoglio classico",
    "Portafoglio in pelle con otto scomparti per carte e portamonete. Le iniziali si incidono a caldo. "
    "· Carteira de couro com oito compartimentos para cartões e porta-moedas.",
    "Bottega Marchetti", 7900, "NER BLU COG" },
  { "INTRECCIO", "cintura-intrecciata", "belt", "Cintura intrecciata",
    "Cintura in cuoio intrecciato a mano, altezza 3,5 cm, fibbia in ottone anticato. "
    "· Cinto de couro trançado à mão, 3,5 cm de largura, fivela de latão envelhecido.",
    "Cuoio di Toscana", 6500, "MAR NER" },
  { "BIKER", "giacca-biker", "jacket", "Giacca in pelle Biker",
    "Giacca da motociclista in nappa di agnello, cerniere in metallo, fodera in cotone. "
    "· Jaqueta de motociclista em napa de cordeiro, zíperes de metal, forro de algodão.",
    "Bottega Marchetti", 42000, "NER MAR" },
  { "LINO", "camicia-lino", "shirt", "Camicia di lino",
    "Camicia in puro lino lavato, vestibilità regolare, bottoni in madreperla. "
    "· Camisa de linho puro lavado, corte regular, botões de madrepérola.",
    "Lino Fiorentino", 8900, "AZZ SAB" },
  { "PONTE", "mini-borsa-ponte-vecchio", "bag", "Mini borsa Ponte Vecchio",
    "Piccola borsa da sera con catenella removibile: porta telefono, chiavi e rossetto. "
    "· Bolsa pequena de noite com corrente removível: cabe o telemóvel, as chaves e o batom.",
    "Bottega Marchetti", 14950, "BOR SAB NER" },
  { "CARTELLA", "cartella-ufficio", "tote", "Cartella da lavoro Ufficio",
    "Cartella in pelle pieno fiore con due scomparti e tasca imbottita per il portatile. "
    "· Pasta de trabalho em couro integral com dois compartimentos e bolso acolchoado para portátil.",
    "Bottega Marchetti", 31000, "MAR NER" },
  { "PORTACARTE", "portacarte", "wallet", "Portacarte sottile",
    "Portacarte minimale con quattro tasche, sta in qualsiasi tasca. "
    "· Porta-cartões minimalista com quatro bolsos, cabe em qualquer bolso.",
    "Cuoio di Toscana", 3500, "COG BLU OLI NER" },
  { "CHIAVI", "portachiavi-cuoio", "keyring", "Portachiavi in cuoio",
    "Portachiavi in cuoio con anello in ottone: un piccolo regalo fatto a mano. "
    "· Porta-chaves de couro com argola de latão: um pequeno presente feito à mão.",
    "Cuoio di Toscana", 1850, "CUO NER BOR" },
  { "LISCIA", "cintura-classica", "belt", "Cintura classica liscia",
    "Cintura in pelle liscia, altezza 3 cm, da accorciare su misura in negozio. "
    "· Cinto de couro liso, 3 cm de largura, ajustado à medida na loja.",
    "Cuoio di Toscana", 5500, "NER MAR CUO" },
  { "SCAMOSCIATO", "giubbotto-scamosciato", "jacket", "Giubbotto scamosciato",
    "Giubbotto in camoscio morbido, sfoderato, perfetto per la mezza stagione. "
    "· Blusão de camurça macia, sem forro, perfeito para a meia-estação.",
    "Bottega Marchetti", 38500, "SAB OLI" },
  { "OXFORD", "camicia-oxford", "shirt", "Camicia Oxford",
    "Camicia in cotone Oxford con colletto button-down. "
    "· Camisa de algodão Oxford com colarinho abotoado.",
    "Lino Fiorentino", 7990, "AZZ BLU SAB" },
  { "BOBOLI", "zaino-boboli", "tote", "Zaino in pelle Boboli",
    "Zaino in pelle con patta e chiusura magnetica, spallacci imbottiti. "
    "· Mochila de couro com aba e fecho magnético, alças acolchoadas.",
    "Bottega Marchetti", 26500, "COG NER" },
  { "POCHETTE", "pochette-sera", "wallet", "Pochette da sera",
    "Pochette in pelle lucida con chiusura a scatto. "
    "· Carteira de mão em couro brilhante com fecho de mola.",
    "Bottega Marchetti", 11900, "NER BOR" },
  { "BEAUTY", "beauty-case", "bag", "Beauty case",
    "Beauty case in pelle con interno lavabile. "
    "· Nécessaire de couro com interior lavável.",
    "Bottega Marchetti", 6900, "CUO BLU" },
  { "PASSAPORTO", "porta-passaporto", "wallet", "Porta passaporto",
    "Custodia per passaporto con tasche per carta d'imbarco e carte. "
    "· Capa de passaporte com bolsos para cartão de embarque e cartões.",
    "Cuoio di Toscana", 4500, "COG BLU" },
  { "GUANTI", "guanti-pelle", "gloves", "Guanti in pelle",
    "Guanti in nappa foderati in cashmere. Taglie dalla 6½ alla 9. "
    "· Luvas de napa forradas de caxemira. Tamanhos do 6½ ao 9.",
    "Bottega Marchetti", 5900, "NER MAR" },
  { "SECCHIELLO", "borsa-secchiello", "bag", "Borsa secchiello",
    "Borsa a secchiello con coulisse in cuoio e tracolla lunga. "
    "· Bolsa saco com cordão de couro e alça comprida.",
    "Bottega Marchetti", 21000, "OLI COG" },
  { "GIACCALINO", "giacca-lino", "jacket", "Giacca in lino",
    "Giacca destrutturata in lino, due bottoni, senza fodera. "
    "· Casaco desestruturado de linho, dois botões, sem forro.",
    "Lino Fiorentino", 19500, "SAB BLU" },
  { "BRACCIALE", "bracciale-cuoio", "belt", "Bracciale in cuoio intrecciato",
    "Bracciale in cuoio intrecciato con chiusura magnetica. "
    "· Pulseira de couro trançado com fecho magnético.",
    "Cuoio di Toscana", 2490, "MAR NER COG" },
  { "OCCHIALI", "custodia-occhiali", "wallet", "Custodia per occhiali",
    "Custodia rigida per occhiali rivestita in pelle. "
    "· Estojo rígido para óculos revestido de couro.",
    "Cuoio di Toscana", 2900, "NER CUO BOR" },
  { "FOULARD", "foulard-seta", "scarf", "Foulard di seta",
    "Foulard in seta di Como stampato a mano, 90 × 90 cm. "
    "· Lenço de seda de Como estampado à mão, 90 × 90 cm.",
    "Seta di Como", 4900, "BLU BOR AZZ" },
  { "CHIANTI", "borsone-chianti", "tote", "Borsone da viaggio Chianti",
    "Borsone da weekend in pelle e tela, con tasca per le scarpe. "
    "· Saco de fim de semana em couro e lona, com bolso para sapatos.",
    "Bottega Marchetti", 36000, "COG MAR" },
  { "REVERSIBILE", "cintura-reversibile", "belt", "Cintura reversibile",
    "Cintura reversibile nero e marrone con fibbia girevole. "
    "· Cinto reversível preto e castanho com fivela giratória.",
    "Cuoio di Toscana", 7500, "NER MAR" },
  { "TELA", "tote-tela-pelle", "tote", "Tote in tela e pelle",
    "Borsa tote in tela di cotone con manici e fondo in pelle. "
    "· Bolsa tote de lona de algodão com alças e fundo de couro.",
    "Bottega Marchetti", 12900, "SAB BLU" },
};

/* What differs from "in stock at the regular price". */
static const struct {
  const char *retailer_id;
  const char *availability;
  gint64      sale_cents;     /* -1: none */
} exceptions[] = {
  { "BM-BIKER-MAR", "out of stock", -1 },
  { "BM-BOBOLI-NER", "out of stock", -1 },
  { "BM-SECCHIELLO-OLI", "out of stock", -1 },
  { "BM-PORTACARTE-OLI", "out of stock", -1 },
  { "BM-CHIANTI-MAR", "preorder", -1 },
  { "BM-CARTELLA-NER", "available for order", -1 },
  { "BM-POCHETTE-BOR", "discontinued", -1 },
  { "BM-OLTRARNO-OLI", NULL, 19500 },
  { "BM-PONTE-SAB", NULL, 11960 },
  { "BM-LINO-SAB", NULL, 6900 },
  { "BM-SCAMOSCIATO-SAB", NULL, 29900 },
  { "BM-FOULARD-AZZ", NULL, 3920 },
};

typedef struct {
  char   *graph_id;
  char   *retailer_id;
  char   *name;
  char   *description;
  char   *brand;
  char   *availability;
  gint64  cents;
  gint64  sale_cents;
  char   *link;
  char   *shape;
  guint8  rgb[3];
} SandboxProduct;

struct _SandboxCatalog
{
  GMutex      lock;
  GPtrArray  *products;      /* SandboxProduct, in catalog order */
  guint       request_count;
  guint       fail_skip;     /* requests served before the faults start */
  guint       fail_count;
  guint       fail_code;
};

static void
sandbox_product_free (SandboxProduct *product)
{
  g_free (product->graph_id);
  g_free (product->retailer_id);
  g_free (product->name);
  g_free (product->description);
  g_free (product->brand);
  g_free (product->availability);
  g_free (product->link);
  g_free (product->shape);
  g_free (product);
}

static const Colour *
find_colour (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (colours); i++)
    if (g_str_equal (colours[i].code, code))
      return &colours[i];

  g_assert_not_reached ();
}

SandboxCatalog *
sandbox_catalog_new (void)
{
  SandboxCatalog *catalog = g_new0 (SandboxCatalog, 1);
  guint64 graph_id = 5287146093300100;

  g_mutex_init (&catalog->lock);
  catalog->products = g_ptr_array_new_with_free_func ((GDestroyNotify) sandbox_product_free);

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      g_auto(GStrv) codes = g_strsplit (models[m].colours, " ", -1);

      for (guint c = 0; codes[c] != NULL; c++)
        {
          const Colour *colour = find_colour (codes[c]);
          SandboxProduct *product = g_new0 (SandboxProduct, 1);

          /* Graph ids are long numbers, unrelated to the retailer id. */
          graph_id += 1 + (m * 7 + c * 3) % 11;
          product->graph_id = g_strdup_printf ("%" G_GUINT64_FORMAT, graph_id);
          product->retailer_id = g_strdup_printf ("BM-%s-%s", models[m].code, colour->code);
          product->name = g_strdup_printf ("%s – %s", models[m].name, colour->it);
          product->description = g_strdup (models[m].description);
          product->brand = g_strdup (models[m].brand);
          product->availability = g_strdup ("in stock");
          product->cents = models[m].cents;
          product->sale_cents = -1;
          product->link = g_strdup_printf (LINK_BASE "%s-%s", models[m].slug, colour->slug);
          product->shape = g_strdup (models[m].shape);
          memcpy (product->rgb, colour->rgb, 3);

          for (guint e = 0; e < G_N_ELEMENTS (exceptions); e++)
            {
              if (!g_str_equal (exceptions[e].retailer_id, product->retailer_id))
                continue;
              if (exceptions[e].availability != NULL)
                {
                  g_free (product->availability);
                  product->availability = g_strdup (exceptions[e].availability);
                }
              product->sale_cents = exceptions[e].sale_cents;
            }

          g_ptr_array_add (catalog->products, product);
        }
    }

  return catalog;
}

void
sandbox_catalog_free (SandboxCatalog *catalog)
{
  if (catalog == NULL)
    return;

  g_ptr_array_unref (catalog->products);
  g_mutex_clear (&catalog->lock);
  g_free (catalog);
}

guint
sandbox_catalog_get_size (SandboxCatalog *catalog)
{
  return catalog->products->len;
}

/* ---- Graph-shaped answers ---- */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *body)
{
  g_autofree char *text = json_to_string (body, FALSE);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *trace = sandbox_random_string (NULL, SANDBOX_ALNUM_MIXED, 11);

  soup_message_headers_replace (headers, "x-fb-trace-id", trace);
  soup_message_headers_replace (headers, "facebook-api-version", "v23.0");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=UTF-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

/* {"error":{"message","type","code","error_subcode"?,"is_transient"?,"fbtrace_id"}} */
static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *message,
               const char        *type,
               gint64             code,
               gint64             subcode,
               gboolean           transient)
{
  g_autoptr(JsonObject) error = json_object_new ();
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *trace = sandbox_random_string (NULL, SANDBOX_ALNUM_MIXED, 23);

  json_object_set_string_member (error, "message", message);
  json_object_set_string_member (error, "type", type);
  json_object_set_int_member (error, "code", code);
  if (subcode != 0)
    json_object_set_int_member (error, "error_subcode", subcode);
  if (transient)
    json_object_set_boolean_member (error, "is_transient", TRUE);
  json_object_set_string_member (error, "fbtrace_id", trace);
  json_object_set_object_member (root, "error", json_object_ref (error));

  node = json_node_init_object (json_node_alloc (), root);
  respond_json (msg, status, node);
}

static void
respond_fault (SoupServerMessage *msg,
               guint              code)
{
  g_autofree char *message = NULL;

  switch (code)
    {
    case 190:
      respond_error (msg, 400, "Error validating access token: Session has expired on Tuesday, "
                     "10-Jun-25 09:00:00 PDT. The current time is Wednesday, 11-Jun-25 10:12:40 PDT.",
                     "OAuthException", 190, 463, FALSE);
      break;
    case 2:
      respond_error (msg, 500, "An unexpected error has occurred. Please retry your request later.",
                     "OAuthException", 2, 0, TRUE);
      break;
    case 4:
      respond_error (msg, 403, "(#4) Application request limit reached", "OAuthException", 4, 0, TRUE);
      break;
    default:
      message = g_strdup_printf ("(#%u) The sandbox was asked to fail this request", code);
      respond_error (msg, 400, message, "OAuthException", code, 0, FALSE);
    }
}

/* Meta formats the price for display: "€189.00". */
static char *
display_price (gint64 cents)
{
  return g_strdup_printf ("€%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (cents % 100));
}

static JsonObject *
product_json (SandboxProduct  *product,
              GHashTable      *fields,
              const char      *base_url)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", product->graph_id);
  if (g_hash_table_contains (fields, "retailer_id"))
    json_object_set_string_member (o, "retailer_id", product->retailer_id);
  if (g_hash_table_contains (fields, "name"))
    json_object_set_string_member (o, "name", product->name);
  if (g_hash_table_contains (fields, "description"))
    json_object_set_string_member (o, "description", product->description);
  if (g_hash_table_contains (fields, "brand"))
    json_object_set_string_member (o, "brand", product->brand);
  if (g_hash_table_contains (fields, "price"))
    {
      g_autofree char *price = display_price (product->cents);

      json_object_set_string_member (o, "price", price);
    }
  if (g_hash_table_contains (fields, "sale_price") && product->sale_cents >= 0)
    {
      g_autofree char *price = display_price (product->sale_cents);

      json_object_set_string_member (o, "sale_price", price);
    }
  if (g_hash_table_contains (fields, "currency"))
    json_object_set_string_member (o, "currency", "EUR");
  if (g_hash_table_contains (fields, "availability"))
    json_object_set_string_member (o, "availability", product->availability);
  if (g_hash_table_contains (fields, "condition"))
    json_object_set_string_member (o, "condition", "new");
  if (g_hash_table_contains (fields, "url"))
    json_object_set_string_member (o, "url", product->link);
  if (g_hash_table_contains (fields, "image_url"))
    {
      g_autofree char *url = g_strdup_printf ("%s" IMAGES_PATH "%s.png", base_url, product->retailer_id);

      json_object_set_string_member (o, "image_url", url);
    }

  return o;
}

static char *
encode_cursor (guint index)
{
  g_autofree char *plain = g_strdup_printf ("bottega:%u", index);

  return g_base64_encode ((const guchar *) plain, strlen (plain));
}

static gboolean
decode_cursor (const char *cursor,
               guint      *index)
{
  g_autofree guchar *plain = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  guint64 value;

  plain = g_base64_decode (cursor, &len);
  if (plain == NULL || len < 9 || len > 32)
    return FALSE;
  text = g_strndup ((const char *) plain, len);
  if (!g_str_has_prefix (text, "bottega:") ||
      !g_ascii_string_to_unsigned (text + 8, 10, 0, G_MAXUINT, &value, NULL))
    return FALSE;

  *index = (guint) value;
  return TRUE;
}

static gboolean
is_version (const char *text)
{
  const char *p = text;

  if (*p++ != 'v' || !g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p++ != '.' || !g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return *p == '\0';
}

static const char *
request_token (SoupServerMessage *msg,
               GHashTable        *query)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    return header + 7;
  if (query != NULL)
    return g_hash_table_lookup (query, "access_token");
  return NULL;
}

/* GET /graph/{version}/{catalog-id}/products */
static void
serve_products (SandboxCatalog    *catalog,
                const char        *base_url,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query)
{
  g_auto(GStrv) parts = g_strsplit (path + strlen (GRAPH_PREFIX), "/", -1);
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonArray) data = json_array_new ();
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_auto(GStrv) field_names = NULL;
  const char *token = request_token (msg, query);
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  const char *after = query != NULL ? g_hash_table_lookup (query, "after") : NULL;
  const char *fields_text = query != NULL ? g_hash_table_lookup (query, "fields") : NULL;
  guint64 limit = DEFAULT_LIMIT;
  guint start = 0, end;
  guint fault = 0;

  g_mutex_lock (&catalog->lock);
  catalog->request_count++;
  if (catalog->fail_count > 0)
    {
      if (catalog->fail_skip > 0)
        catalog->fail_skip--;
      else
        {
          catalog->fail_count--;
          fault = catalog->fail_code;
        }
    }
  g_mutex_unlock (&catalog->lock);

  if (fault != 0)
    {
      respond_fault (msg, fault);
      return;
    }

  if (token == NULL || *token == '\0')
    {
      respond_error (msg, 400, "An access token is required to request this resource.",
                     "OAuthException", 104, 0, FALSE);
      return;
    }
  if (!g_str_equal (token, BOTTEGA_SANDBOX_CATALOG_TOKEN))
    {
      respond_error (msg, 400, "Invalid OAuth access token - Cannot parse access token",
                     "OAuthException", 190, 0, FALSE);
      return;
    }

  if (g_strv_length (parts) != 3 || !is_version (parts[0]) ||
      g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      respond_error (msg, 400, "Unknown path components: the sandbox serves GET /{version}/{catalog-id}/products",
                     "OAuthException", 2500, 0, FALSE);
      return;
    }
  if (!g_str_equal (parts[1], BOTTEGA_SANDBOX_CATALOG_ID))
    {
      g_autofree char *message =
        g_strdup_printf ("Unsupported get request. Object with ID '%s' does not exist, cannot be loaded "
                         "due to missing permissions, or does not support this operation. Please read "
                         "the Graph API documentation at https://developers.facebook.com/docs/graph-api",
                         parts[1]);

      respond_error (msg, 400, message, "GraphMethodException", 100, 33, FALSE);
      return;
    }
  if (!g_str_equal (parts[2], "products"))
    {
      g_autofree char *message =
        g_strdup_printf ("(#100) Tried accessing nonexisting field (%s) on node type (ProductCatalog)", parts[2]);

      respond_error (msg, 400, message, "OAuthException", 100, 0, FALSE);
      return;
    }

  if (limit_text != NULL &&
      !g_ascii_string_to_unsigned (limit_text, 10, 1, G_MAXUINT, &limit, NULL))
    {
      respond_error (msg, 400, "(#100) Param limit must be a positive integer", "OAuthException", 100, 0, FALSE);
      return;
    }
  limit = MIN (limit, MAX_LIMIT);

  if (after != NULL)
    {
      guint last;

      if (!decode_cursor (after, &last))
        {
          respond_error (msg, 400, "(#100) The after cursor is not valid", "OAuthException", 100, 0, FALSE);
          return;
        }
      start = last + 1;
    }

  field_names = g_strsplit (fields_text != NULL ? fields_text : DEFAULT_FIELDS, ",", -1);
  for (guint i = 0; field_names[i] != NULL; i++)
    g_hash_table_add (fields, g_strstrip (g_strdup (field_names[i])));

  /* The catalog never changes, so it is read without the lock. */
  start = MIN (start, catalog->products->len);
  end = MIN (start + (guint) limit, catalog->products->len);
  for (guint i = start; i < end; i++)
    json_array_add_object_element (data, product_json (g_ptr_array_index (catalog->products, i),
                                                       fields, base_url));
  json_object_set_array_member (root, "data", json_array_ref (data));

  if (end > start)
    {
      JsonObject *paging = json_object_new ();
      JsonObject *cursors = json_object_new ();
      g_autofree char *before_cursor = encode_cursor (start);
      g_autofree char *after_cursor = encode_cursor (end - 1);

      json_object_set_string_member (cursors, "before", before_cursor);
      json_object_set_string_member (cursors, "after", after_cursor);
      json_object_set_object_member (paging, "cursors", cursors);
      if (end < catalog->products->len)
        {
          g_autofree char *escaped_fields = g_uri_escape_string (fields_text != NULL ? fields_text : DEFAULT_FIELDS,
                                                                 ",", FALSE);
          g_autofree char *next =
            g_strdup_printf ("%s" GRAPH_PREFIX "%s/%s/products?fields=%s&limit=%u&after=%s",
                             base_url, parts[0], parts[1], escaped_fields, (guint) limit, after_cursor);

          json_object_set_string_member (paging, "next", next);
        }
      json_object_set_object_member (root, "paging", paging);
    }

  node = json_node_init_object (json_node_alloc (), root);
  respond_json (msg, 200, node);
}

/* GET /graph/catalog-images/{retailer-id}.png, as a CDN would: no token. */
static void
serve_image (SandboxCatalog    *catalog,
             SoupServerMessage *msg,
             const char        *path)
{
  const char *name = path + strlen (IMAGES_PATH);
  g_autofree char *retailer_id = NULL;
  g_autoptr(JsonObject) source = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SandboxProduct *found = NULL;
  JsonArray *rgb;

  if (g_str_has_suffix (name, ".png"))
    retailer_id = g_strndup (name, strlen (name) - 4);
  for (guint i = 0; retailer_id != NULL && i < catalog->products->len; i++)
    {
      SandboxProduct *product = g_ptr_array_index (catalog->products, i);

      if (g_str_equal (product->retailer_id, retailer_id))
        found = product;
    }
  if (found == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "Not Found\n", 10);
      return;
    }

  source = json_object_new ();
  json_object_set_string_member (source, "kind", "png");
  json_object_set_string_member (source, "shape", found->shape);
  rgb = json_array_new ();
  for (guint i = 0; i < 3; i++)
    json_array_add_int_element (rgb, found->rgb[i]);
  json_object_set_array_member (source, "rgb", rgb);

  bytes = sandbox_media_render (source, FALSE, &error);
  if (bytes == NULL)
    {
      soup_server_message_set_status (msg, 500, NULL);
      return;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "max-age=1209600");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

void
sandbox_catalog_callback (SoupServer        *server,
                          SoupServerMessage *msg,
                          const char        *path,
                          GHashTable        *query,
                          gpointer           user_data)
{
  BottegaSandbox *sandbox = user_data;
  SandboxCatalog *catalog = sandbox_get_catalog (sandbox);
  g_autofree char *base_url = NULL;

  if (g_str_has_prefix (path, IMAGES_PATH))
    {
      serve_image (catalog, msg, path);
      return;
    }

  if (!g_str_has_prefix (path, GRAPH_PREFIX))
    {
      respond_error (msg, 400, "Unknown path components", "OAuthException", 2500, 0, FALSE);
      return;
    }

  base_url = g_strdup (bottega_sandbox_get_url (sandbox));
  serve_products (catalog, base_url, msg, path, query);
  g_debug ("%s %s → %u", soup_server_message_get_method (msg), path, soup_server_message_get_status (msg));
}

/* ---- test hooks ---- */

guint
bottega_sandbox_get_catalog_size (BottegaSandbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), 0);

  return sandbox_catalog_get_size (sandbox_get_catalog (self));
}

char *
bottega_sandbox_dup_graph_url (BottegaSandbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), NULL);
  g_return_val_if_fail (bottega_sandbox_get_url (self) != NULL, NULL);

  return g_strconcat (bottega_sandbox_get_url (self), GRAPH_PREFIX "v23.0", NULL);
}

guint
bottega_sandbox_get_catalog_request_count (BottegaSandbox *self)
{
  SandboxCatalog *catalog;
  guint count;

  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), 0);

  catalog = sandbox_get_catalog (self);
  g_mutex_lock (&catalog->lock);
  count = catalog->request_count;
  g_mutex_unlock (&catalog->lock);
  return count;
}

void
bottega_sandbox_catalog_fail (BottegaSandbox *self,
                              guint           after,
                              guint           count,
                              guint           graph_code)
{
  SandboxCatalog *catalog;

  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));

  catalog = sandbox_get_catalog (self);
  g_mutex_lock (&catalog->lock);
  catalog->fail_skip = after;
  catalog->fail_count = count;
  catalog->fail_code = graph_code;
  g_mutex_unlock (&catalog->lock);
}
