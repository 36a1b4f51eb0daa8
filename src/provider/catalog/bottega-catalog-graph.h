/* bottega-catalog-graph.h: Meta's Graph catalog API as a catalog source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-catalog-source.h"
#include "bottega-provider-error.h"

G_BEGIN_DECLS

/* The Graph API version of contracts/whatsapp-cloud-api.md (v23.0). */
#define BOTTEGA_CATALOG_GRAPH_DEFAULT_BASE_URL "https://graph.facebook.com/v23.0"
/* Products asked for per page (Graph allows up to 100 here). */
#define BOTTEGA_CATALOG_GRAPH_PAGE_SIZE        100
/* Pages followed at most: 5,000 pages of 100 is BOTTEGA_CATALOG_MAX_PRODUCTS. */
#define BOTTEGA_CATALOG_GRAPH_MAX_PAGES        5000
/* Largest page body accepted. */
#define BOTTEGA_CATALOG_GRAPH_MAX_BODY         (16 * 1024 * 1024)
/* The fields asked for (§6 of the contract plus brand, sale_price, condition). */
#define BOTTEGA_CATALOG_GRAPH_FIELDS \
  "id,retailer_id,name,description,brand,price,sale_price,currency,availability,condition,url,image_url"

/* The demo shop's catalog: the sandbox serves it under
 * <sandbox url>/graph/v23.0/ with this catalog id and accepts this token
 * (src/sandbox/bottega-sandbox.h repeats both; a test checks they agree). */
#define BOTTEGA_CATALOG_GRAPH_DEMO_CATALOG_ID  "780014455512960"
#define BOTTEGA_CATALOG_GRAPH_DEMO_TOKEN       "EAABottegaDemoCatalogToken"
#define BOTTEGA_CATALOG_GRAPH_DEMO_PATH        "/graph/v23.0"

#define BOTTEGA_TYPE_CATALOG_GRAPH (bottega_catalog_graph_get_type ())
G_DECLARE_FINAL_TYPE (BottegaCatalogGraph, bottega_catalog_graph, BOTTEGA, CATALOG_GRAPH, GObject)

/* GET {base_url}/{catalog_id}/products?fields=…&limit=… with the token as
 * a bearer, following paging.cursors.after while paging.next says there is
 * more. @base_url is NULL for the default, else https:// (http:// only to a
 * loopback address): anything else is INSECURE_URL. A Graph error body
 * ({"error":{"message","type","code",…}}) becomes a BOTTEGA_PROVIDER_ERROR
 * whose message is the server's message: code 190 (and 102) UNAUTHORIZED,
 * 10 / 200–299 FORBIDDEN, 4 / 17 / 32 / 613 / 80004 / 80008 / 80014
 * RATE_LIMITED, 1 / 2 / is_transient SERVER, others by HTTP status.
 * Items without a retailer id, a name or a parsable price are skipped
 * (line = position in the listing). Everything runs off the main thread;
 * the token is never logged. */
BottegaCatalogGraph *bottega_catalog_graph_new          (const char  *base_url,
                                                         const char  *catalog_id,
                                                         const char  *token,
                                                         GError     **error);
const char          *bottega_catalog_graph_get_base_url  (BottegaCatalogGraph *self);
const char          *bottega_catalog_graph_get_catalog_id (BottegaCatalogGraph *self);
/* Products per page (1–100). */
void                 bottega_catalog_graph_set_page_size  (BottegaCatalogGraph *self, guint page_size);
/* Pages followed at most before TOO_LARGE. */
void                 bottega_catalog_graph_set_max_pages  (BottegaCatalogGraph *self, guint max_pages);
/* Per-request timeout in seconds (default 30). */
void                 bottega_catalog_graph_set_timeout    (BottegaCatalogGraph *self, guint seconds);

G_END_DECLS
