/* bottega-product-list.c: a lazy GListModel of catalog products
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-store"

#include "config.h"

#include "bottega-product-list.h"

#define PAGE_SIZE 100

struct _BottegaProductList
{
  GObject       parent_instance;

  BottegaStore *store;
  gint64        account_id;
  char         *query;

  /* The whole catalog: its size and the pages read so far. */
  guint         n_products;
  GHashTable   *pages;         /* page number → GPtrArray of BottegaProduct */

  /* A search: its results, or NULL while browsing. */
  GPtrArray    *results;
  GCancellable *search_cancellable;
};

static void bottega_product_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BottegaProductList, bottega_product_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, bottega_product_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_ACCOUNT_ID,
  PROP_QUERY,
  PROP_SEARCHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
has_word (const char *query)
{
  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    return FALSE;

  for (const char *p = query; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

static guint
current_n_items (BottegaProductList *self)
{
  return self->results != NULL ? self->results->len : self->n_products;
}

/* ---- GListModel ---- */

static GType
bottega_product_list_get_item_type (GListModel *model)
{
  return BOTTEGA_TYPE_PRODUCT;
}

static guint
bottega_product_list_get_n_items (GListModel *model)
{
  return current_n_items (BOTTEGA_PRODUCT_LIST (model));
}

static gpointer
bottega_product_list_get_item (GListModel *model,
                               guint       position)
{
  BottegaProductList *self = BOTTEGA_PRODUCT_LIST (model);
  guint page_number = position / PAGE_SIZE;
  GPtrArray *page;

  if (self->results != NULL)
    return position < self->results->len ? g_object_ref (g_ptr_array_index (self->results, position)) : NULL;

  if (position >= self->n_products)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page_number));
  if (page == NULL)
    {
      g_autoptr(GError) error = NULL;

      page = bottega_store_list_products (self->store, self->account_id, page_number * PAGE_SIZE, PAGE_SIZE,
                                          &error);
      if (page == NULL)
        {
          if (!g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
            g_warning ("Cannot read the products: %s", error->message);
          return NULL;
        }
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page_number), page);
    }

  /* The catalog shrank since it was counted: the reload is on its way. */
  if (position % PAGE_SIZE >= page->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (page, position % PAGE_SIZE));
}

static void
bottega_product_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bottega_product_list_get_item_type;
  iface->get_n_items = bottega_product_list_get_n_items;
  iface->get_item = bottega_product_list_get_item;
}

/* ---- loading ---- */

static void
set_searching (BottegaProductList *self,
               GCancellable       *cancellable)
{
  gboolean was = self->search_cancellable != NULL;

  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  if (was != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

/* Whole catalog: counted now, pages read when asked for. */
static void
reload_browse (BottegaProductList *self)
{
  guint old_n = current_n_items (self);

  set_searching (self, NULL);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_hash_table_remove_all (self->pages);
  self->n_products = bottega_store_count_products (self->store, self->account_id);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_products);
}

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BottegaProductList) self = user_data;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  guint old_n;

  products = bottega_store_query_products_finish (BOTTEGA_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer search or the whole catalog took over */
  if (products == NULL)
    {
      if (!g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
        g_warning ("Cannot search the products: %s", error->message);
      products = g_ptr_array_new_with_free_func (g_object_unref);
    }

  old_n = current_n_items (self);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_hash_table_remove_all (self->pages);
  self->results = g_steal_pointer (&products);
  set_searching (self, NULL);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->results->len);
}

static void
reload (BottegaProductList *self)
{
  g_autoptr(GCancellable) cancellable = NULL;

  if (!has_word (self->query))
    {
      reload_browse (self);
      return;
    }

  cancellable = g_cancellable_new ();
  set_searching (self, cancellable);
  bottega_store_query_products_async (self->store, self->account_id, self->query, 0,
                                      BOTTEGA_PRODUCT_LIST_MAX_RESULTS, cancellable, search_done,
                                      g_object_ref (self));
}

static void
on_catalog_changed (BottegaProductList *self,
                    gint64              changed_account_id,
                    BottegaStore       *store)
{
  if (self->account_id == 0 || changed_account_id == self->account_id)
    reload (self);
}

/* ---- GObject ---- */

static void
bottega_product_list_constructed (GObject *object)
{
  BottegaProductList *self = BOTTEGA_PRODUCT_LIST (object);

  G_OBJECT_CLASS (bottega_product_list_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "catalog-changed", G_CALLBACK (on_catalog_changed), self,
                           G_CONNECT_SWAPPED);
  self->n_products = bottega_store_count_products (self->store, self->account_id);
}

static void
bottega_product_list_dispose (GObject *object)
{
  BottegaProductList *self = BOTTEGA_PRODUCT_LIST (object);

  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bottega_product_list_parent_class)->dispose (object);
}

static void
bottega_product_list_finalize (GObject *object)
{
  BottegaProductList *self = BOTTEGA_PRODUCT_LIST (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (bottega_product_list_parent_class)->finalize (object);
}

static void
bottega_product_list_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BottegaProductList *self = BOTTEGA_PRODUCT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;

    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;

    case PROP_SEARCHING:
      g_value_set_boolean (value, bottega_product_list_get_searching (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_product_list_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BottegaProductList *self = BOTTEGA_PRODUCT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT_ID:
      self->account_id = g_value_get_int64 (value);
      break;

    case PROP_QUERY:
      bottega_product_list_set_query (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_product_list_class_init (BottegaProductListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bottega_product_list_constructed;
  object_class->dispose = bottega_product_list_dispose;
  object_class->finalize = bottega_product_list_finalize;
  object_class->get_property = bottega_product_list_get_property;
  object_class->set_property = bottega_product_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         BOTTEGA_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_product_list_init (BottegaProductList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

BottegaProductList *
bottega_product_list_new (BottegaStore *store,
                          gint64        account_id)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (store), NULL);
  g_return_val_if_fail (account_id >= 0, NULL);

  return g_object_new (BOTTEGA_TYPE_PRODUCT_LIST, "store", store, "account-id", account_id, NULL);
}

gint64
bottega_product_list_get_account_id (BottegaProductList *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT_LIST (self), 0);

  return self->account_id;
}

const char *
bottega_product_list_get_query (BottegaProductList *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT_LIST (self), NULL);

  return self->query;
}

void
bottega_product_list_set_query (BottegaProductList *self,
                                const char         *query)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT_LIST (self));

  if (g_strcmp0 (self->query, query) == 0)
    return;

  g_free (self->query);
  self->query = g_strdup (query);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);

  /* Still browsing: a query without a word changes nothing. */
  if (!has_word (self->query) && self->results == NULL && self->search_cancellable == NULL)
    return;

  reload (self);
}

gboolean
bottega_product_list_get_searching (BottegaProductList *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT_LIST (self), FALSE);

  return self->search_cancellable != NULL;
}
