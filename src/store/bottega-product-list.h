/* bottega-product-list.h: a lazy GListModel of catalog products
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-store.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_PRODUCT_LIST (bottega_product_list_get_type ())
G_DECLARE_FINAL_TYPE (BottegaProductList, bottega_product_list, BOTTEGA, PRODUCT_LIST, GObject)

/* How many products a search shows at most. */
#define BOTTEGA_PRODUCT_LIST_MAX_RESULTS 200

/* The products (BottegaProduct) of @account_id (0 = every account), for
 * the catalog page and the composer's product picker.
 *
 * Without a query the model is the whole catalog by name, read in pages of
 * a hundred when a row asks for them (an indexed read of a few
 * milliseconds, on the calling thread). With a query it is the best
 * BOTTEGA_PRODUCT_LIST_MAX_RESULTS matches (bottega_store_search_products),
 * searched in a worker thread: the model keeps its rows until the results
 * replace them in one items-changed, and "searching" is TRUE meanwhile.
 * The model follows the store's "catalog-changed". Main thread only.
 *
 * Properties: store, account-id (construct-only), query (string, NULL or
 * blank for the whole catalog), searching (boolean, read-only). */
BottegaProductList *bottega_product_list_new           (BottegaStore       *store,
                                                        gint64              account_id);
gint64              bottega_product_list_get_account_id (BottegaProductList *self);
const char         *bottega_product_list_get_query     (BottegaProductList *self);
void                bottega_product_list_set_query     (BottegaProductList *self,
                                                        const char         *query);
gboolean            bottega_product_list_get_searching (BottegaProductList *self);

G_END_DECLS
