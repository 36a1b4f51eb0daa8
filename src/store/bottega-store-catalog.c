/* bottega-store-catalog.c: each account's product catalog and its source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-store"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-store.h"
#include "bottega-store-catalog-private.h"
#include "bottega-store-private.h"

/* How many products are written between two looks at the cancellable. */
#define CANCEL_CHECK_EVERY 1024

/* ---- rows to products ---- */

#define PRODUCT_COLUMNS \
  "p.id, p.account_id, p.retailer_id, p.name, p.description, p.brand, p.availability, " \
  "p.item_condition, p.price_minor, p.currency, p.sale_price_minor, p.link, p.image_url, " \
  "p.image_path"

static BottegaProduct *
read_product (BottegaStmt *stmt)
{
  BottegaProduct *product = bottega_product_new ();
  gint64 availability = sqlite3_column_int64 (stmt, 6);
  const char *text;

  bottega_product_set_id (product, sqlite3_column_int64 (stmt, 0));
  bottega_product_set_account_id (product, sqlite3_column_int64 (stmt, 1));
  bottega_product_set_retailer_id (product, (const char *) sqlite3_column_text (stmt, 2));
  bottega_product_set_name (product, (const char *) sqlite3_column_text (stmt, 3));
  bottega_product_set_description (product, (const char *) sqlite3_column_text (stmt, 4));
  bottega_product_set_brand (product, (const char *) sqlite3_column_text (stmt, 5));
  if (availability >= BOTTEGA_AVAILABILITY_IN_STOCK && availability <= BOTTEGA_AVAILABILITY_DISCONTINUED)
    bottega_product_set_availability (product, (BottegaAvailability) availability);
  bottega_product_set_condition (product, (const char *) sqlite3_column_text (stmt, 7));
  bottega_product_set_price_minor (product, MAX (sqlite3_column_int64 (stmt, 8), 0));
  bottega_product_set_currency (product, (const char *) sqlite3_column_text (stmt, 9));
  if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
    bottega_product_set_sale_price_minor (product, MAX (sqlite3_column_int64 (stmt, 10), -1));
  bottega_product_set_link (product, (const char *) sqlite3_column_text (stmt, 11));
  bottega_product_set_image_url (product, (const char *) sqlite3_column_text (stmt, 12));
  text = (const char *) sqlite3_column_text (stmt, 13);
  bottega_product_set_image_path (product, text);

  return product;
}

/* Every row of @stmt as products. */
static GPtrArray *
read_products (BottegaStoreConn  *conn,
               BottegaStmt       *stmt,
               int                rc,
               GError           **error)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);

  while ((rc = bottega_store_step (conn, stmt, rc, error)) == SQLITE_ROW)
    g_ptr_array_add (products, read_product (stmt));
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&products);
}

static void
set_product_not_found (GError **error)
{
  g_set_error_literal (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND,
                       _("The product is no longer in the catalog"));
}

static void
set_account_not_found (GError **error,
                       gint64   account_id)
{
  /* Translators: %lld is an internal number of the account */
  g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND,
               _("The account is no longer in the local database (id %lld)"),
               (long long) account_id);
}

/* ---- replacing a catalog ---- */

typedef struct {
  gint64                   account_id;
  BottegaStoreProductFunc  next;
  gpointer                 user_data;
  GCancellable            *cancellable;
  guint                    n_stored;
} Replace;

static gboolean
account_exists (BottegaStoreConn  *conn,
                gint64             account_id,
                GError           **error)
{
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  stmt = bottega_store_conn_prepare (conn, "SELECT 1 FROM accounts WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bottega_bind_int64 (stmt, 1, account_id, &rc);
  rc = bottega_store_step (conn, stmt, rc, error);
  if (rc == SQLITE_DONE)
    set_account_not_found (error, account_id);
  return rc == SQLITE_ROW;
}

static gboolean
query_single_int (BottegaStoreConn  *conn,
                  BottegaStmt       *stmt,
                  int                rc,
                  gint64            *value,
                  GError           **error)
{
  rc = bottega_store_step (conn, stmt, rc, error);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FAILED,
                             _("Cannot read the local database"));
      return FALSE;
    }
  *value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

#define UPSERT_PRODUCT \
  "INSERT INTO products (account_id, retailer_id, name, description, brand, " \
  "  availability, item_condition, price_minor, currency, sale_price_minor, " \
  "  link, image_url, image_path, generation, updated_at) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) " \
  "ON CONFLICT (account_id, retailer_id) DO UPDATE SET " \
  "  name = excluded.name, description = excluded.description, " \
  "  brand = excluded.brand, availability = excluded.availability, " \
  "  item_condition = excluded.item_condition, " \
  "  price_minor = excluded.price_minor, currency = excluded.currency, " \
  "  sale_price_minor = excluded.sale_price_minor, link = excluded.link, " \
  "  image_path = CASE WHEN products.image_url IS excluded.image_url " \
  "                    THEN coalesce (excluded.image_path, products.image_path) " \
  "                    ELSE excluded.image_path END, " \
  "  image_url = excluded.image_url, " \
  "  generation = excluded.generation, updated_at = excluded.updated_at " \
  "WHERE products.generation != excluded.generation"

/* One product of a new catalog, with @stmt (UPSERT_PRODUCT, prepared once
 * for the whole catalog). An unchanged image URL keeps the cached file; a
 * second row with the same retailer id in one catalog (same generation) is
 * ignored. */
static gboolean
upsert_product (BottegaStoreConn  *conn,
                BottegaStmt       *stmt,
                gint64             account_id,
                gint64             generation,
                gint64             now,
                BottegaProduct    *product,
                GError           **error)
{
  const char *retailer_id = bottega_product_get_retailer_id (product);
  const char *name = bottega_product_get_name (product);
  const char *currency = bottega_product_get_currency (product);
  gint64 sale = bottega_product_get_sale_price_minor (product);
  int rc = SQLITE_OK;

  if (retailer_id == NULL || *retailer_id == '\0' || name == NULL || currency == NULL)
    {
      g_set_error_literal (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FAILED,
                           _("A product needs an id, a name and a currency to be stored"));
      return FALSE;
    }

  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_text (stmt, 2, retailer_id, &rc);
  bottega_bind_text (stmt, 3, name, &rc);
  bottega_bind_text (stmt, 4, bottega_product_get_description (product), &rc);
  bottega_bind_text (stmt, 5, bottega_product_get_brand (product), &rc);
  bottega_bind_int64 (stmt, 6, bottega_product_get_availability (product), &rc);
  bottega_bind_text (stmt, 7, bottega_product_get_condition (product), &rc);
  bottega_bind_int64 (stmt, 8, bottega_product_get_price_minor (product), &rc);
  bottega_bind_text (stmt, 9, currency, &rc);
  if (sale >= 0)
    bottega_bind_int64 (stmt, 10, sale, &rc);
  else
    bottega_bind_null (stmt, 10, &rc);
  bottega_bind_text (stmt, 11, bottega_product_get_link (product), &rc);
  bottega_bind_text (stmt, 12, bottega_product_get_image_url (product), &rc);
  bottega_bind_text (stmt, 13, bottega_product_get_image_path (product), &rc);
  bottega_bind_int64 (stmt, 14, generation, &rc);
  bottega_bind_int64 (stmt, 15, now, &rc);

  rc = bottega_store_step (conn, stmt, rc, error);
  /* Ready for the next product; every parameter is bound again. */
  (void) sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
replace_rows (BottegaStoreConn  *conn,
              Replace           *replace,
              GError           **error)
{
  g_autoptr(BottegaStmt) upsert = NULL;
  gint64 generation = 0;
  gint64 count = 0;
  gint64 now = bottega_store_now ();
  guint n_read = 0;

  if (!account_exists (conn, replace->account_id, error))
    return FALSE;

  {
    g_autoptr(BottegaStmt) stmt = NULL;
    int rc = SQLITE_OK;

    stmt = bottega_store_conn_prepare (conn,
                                       "SELECT coalesce (max (generation), 0) + 1 FROM products "
                                       "WHERE account_id = ?1",
                                       error);
    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, replace->account_id, &rc);
    if (!query_single_int (conn, stmt, rc, &generation, error))
      return FALSE;
  }

  upsert = bottega_store_conn_prepare (conn, UPSERT_PRODUCT, error);
  if (upsert == NULL)
    return FALSE;

  for (;;)
    {
      g_autoptr(BottegaProduct) product = NULL;
      GError *local_error = NULL;

      if (++n_read % CANCEL_CHECK_EVERY == 0 &&
          g_cancellable_set_error_if_cancelled (replace->cancellable, error))
        return FALSE;

      product = replace->next (replace->user_data, replace->cancellable, &local_error);
      if (product == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          break;
        }

      if (!upsert_product (conn, upsert, replace->account_id, generation, now, product, error))
        return FALSE;
    }

  /* The last look before the commit: a cancelled import leaves nothing. */
  if (g_cancellable_set_error_if_cancelled (replace->cancellable, error))
    return FALSE;

  {
    g_autoptr(BottegaStmt) stmt = NULL;
    int rc = SQLITE_OK;

    stmt = bottega_store_conn_prepare (conn,
                                       "DELETE FROM products WHERE account_id = ?1 AND generation != ?2",
                                       error);
    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, replace->account_id, &rc);
    bottega_bind_int64 (stmt, 2, generation, &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  {
    g_autoptr(BottegaStmt) stmt = NULL;
    int rc = SQLITE_OK;

    stmt = bottega_store_conn_prepare (conn, "SELECT count(*) FROM products WHERE account_id = ?1", error);
    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, replace->account_id, &rc);
    if (!query_single_int (conn, stmt, rc, &count, error))
      return FALSE;
  }

  replace->n_stored = (guint) MIN (count, (gint64) G_MAXUINT);
  return TRUE;
}

/* A large catalog rewrites many pages of the FTS index: within its
 * transaction they stay in memory (up to 64 MB) rather than spilling to the
 * file; the connection's cache size is restored afterwards, which also
 * frees those pages. */
static gboolean
replace_func (BottegaStoreConn     *conn,
              gpointer              data,
              BottegaStoreChanges  *changes,
              gpointer             *result,
              GError              **error)
{
  g_autoptr(GError) restore_error = NULL;
  g_autofree char *restore = NULL;
  gint64 cache_size = 0;
  gboolean ok;

  {
    g_autoptr(BottegaStmt) stmt = bottega_store_conn_prepare (conn, "PRAGMA cache_size", error);

    if (stmt == NULL || !query_single_int (conn, stmt, SQLITE_OK, &cache_size, error))
      return FALSE;
  }
  if (!bottega_store_conn_exec (conn, "PRAGMA cache_size = -65536", error))
    return FALSE;

  ok = replace_rows (conn, data, error);

  /* PRAGMA takes no parameters; the value is an integer SQLite gave. */
  restore = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, cache_size);
  if (!bottega_store_conn_exec (conn, restore, &restore_error))
    g_warning ("Cannot restore the cache size of the local database: %s", restore_error->message);

  return ok;
}

gboolean
bottega_store_replace_catalog (BottegaStore             *self,
                               gint64                    account_id,
                               BottegaStoreProductFunc   next,
                               gpointer                  user_data,
                               guint                    *n_stored,
                               GCancellable             *cancellable,
                               GError                  **error)
{
  Replace replace = { account_id, next, user_data, cancellable, 0 };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id > 0, FALSE);
  g_return_val_if_fail (next != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bottega_store_write (self, replace_func, &replace, cancellable, NULL, NULL, error))
    return FALSE;

  if (n_stored != NULL)
    *n_stored = replace.n_stored;
  bottega_store_emit_catalog_changed (self, account_id);
  return TRUE;
}

typedef struct {
  GPtrArray *products;
  guint      next;
} ArrayCursor;

static BottegaProduct *
array_next (gpointer       user_data,
            GCancellable  *cancellable,
            GError       **error)
{
  ArrayCursor *cursor = user_data;

  if (cursor->next >= cursor->products->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (cursor->products, cursor->next++));
}

gboolean
bottega_store_replace_catalog_products (BottegaStore  *self,
                                        gint64         account_id,
                                        GPtrArray     *products,
                                        guint         *n_stored,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  ArrayCursor cursor = { products, 0 };

  g_return_val_if_fail (products != NULL, FALSE);

  return bottega_store_replace_catalog (self, account_id, array_next, &cursor, n_stored,
                                        cancellable, error);
}

typedef struct {
  gint64     account_id;
  GPtrArray *products;
} ReplaceData;

static void
replace_data_free (ReplaceData *data)
{
  g_ptr_array_unref (data->products);
  g_free (data);
}

static void
replace_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReplaceData *data = task_data;
  GError *error = NULL;

  if (bottega_store_replace_catalog_products (source_object, data->account_id, data->products,
                                              NULL, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
bottega_store_replace_catalog_products_async (BottegaStore        *self,
                                              gint64               account_id,
                                              GPtrArray           *products,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReplaceData *data;

  g_return_if_fail (BOTTEGA_IS_STORE (self));
  g_return_if_fail (products != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ReplaceData, 1);
  data->account_id = account_id;
  data->products = g_ptr_array_ref (products);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_store_replace_catalog_products_async);
  g_task_set_task_data (task, data, (GDestroyNotify) replace_data_free);
  g_task_run_in_thread (task, replace_thread);
}

gboolean
bottega_store_replace_catalog_products_finish (BottegaStore  *self,
                                               GAsyncResult  *result,
                                               GError       **error)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bottega_store_replace_catalog_products_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- cached images ---- */

typedef struct {
  gint64              account_id;    /* 0: take it from the row */
  const gint64       *ids;
  const char * const *paths;
  guint               n;
  gint64              changed_account;
} ImagePaths;

static gboolean
set_image_paths_func (BottegaStoreConn     *conn,
                      gpointer              data,
                      BottegaStoreChanges  *changes,
                      gpointer             *result,
                      GError              **error)
{
  ImagePaths *update = data;

  for (guint i = 0; i < update->n; i++)
    {
      g_autoptr(BottegaStmt) stmt = NULL;
      int rc = SQLITE_OK;

      stmt = bottega_store_conn_prepare (conn,
                                         "UPDATE products SET image_path = ?2 "
                                         "WHERE id = ?1 AND (?3 = 0 OR account_id = ?3) "
                                         "RETURNING account_id",
                                         error);
      if (stmt == NULL)
        return FALSE;
      bottega_bind_int64 (stmt, 1, update->ids[i], &rc);
      bottega_bind_text (stmt, 2, update->paths[i], &rc);
      bottega_bind_int64 (stmt, 3, update->account_id, &rc);
      while ((rc = bottega_store_step (conn, stmt, rc, error)) == SQLITE_ROW)
        update->changed_account = sqlite3_column_int64 (stmt, 0);
      if (rc != SQLITE_DONE)
        return FALSE;
    }

  return TRUE;
}

gboolean
bottega_store_set_product_image_paths (BottegaStore        *self,
                                       gint64               account_id,
                                       const gint64        *product_ids,
                                       const char * const  *paths,
                                       guint                n_products,
                                       GError             **error)
{
  ImagePaths update = { account_id, product_ids, paths, n_products, 0 };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_id > 0, FALSE);
  g_return_val_if_fail (n_products == 0 || (product_ids != NULL && paths != NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_products == 0)
    return TRUE;

  if (!bottega_store_write (self, set_image_paths_func, &update, NULL, NULL, NULL, error))
    return FALSE;

  if (update.changed_account != 0)
    bottega_store_emit_catalog_changed (self, account_id);
  return TRUE;
}

gboolean
bottega_store_set_product_image_path (BottegaStore  *self,
                                      gint64         product_id,
                                      const char    *path,
                                      GError       **error)
{
  const char *paths[] = { path };
  ImagePaths update = { 0, &product_id, paths, 1, 0 };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bottega_store_write (self, set_image_paths_func, &update, NULL, NULL, NULL, error))
    return FALSE;

  if (update.changed_account == 0)
    {
      set_product_not_found (error);
      return FALSE;
    }

  bottega_store_emit_catalog_changed (self, update.changed_account);
  return TRUE;
}

/* ---- reads ---- */

GPtrArray *
bottega_store_list_products (BottegaStore  *self,
                             gint64         account_id,
                             guint          offset,
                             guint          limit,
                             GError       **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL)
    return NULL;

  /* Both orders follow the products_by_name index. */
  if (account_id != 0)
    stmt = bottega_store_conn_prepare (reader->conn,
                                       "SELECT " PRODUCT_COLUMNS " FROM products p "
                                       "WHERE p.account_id = ?1 "
                                       "ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?2 OFFSET ?3",
                                       error);
  else
    stmt = bottega_store_conn_prepare (reader->conn,
                                       "SELECT " PRODUCT_COLUMNS " FROM products p "
                                       "ORDER BY p.account_id, p.name COLLATE NOCASE, p.id LIMIT ?2 OFFSET ?3",
                                       error);
  if (stmt == NULL)
    return NULL;

  if (account_id != 0)
    bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1, &rc);
  bottega_bind_int64 (stmt, 3, offset, &rc);

  return read_products (reader->conn, stmt, rc, error);
}

guint
bottega_store_count_products (BottegaStore *self,
                              gint64        account_id)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count = 0;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), 0);

  if ((reader = bottega_store_reader_acquire (self, &error)) == NULL)
    return 0;

  stmt = bottega_store_conn_prepare (reader->conn,
                                     "SELECT count(*) FROM products WHERE ?1 = 0 OR account_id = ?1",
                                     &error);
  if (stmt == NULL)
    return 0;
  bottega_bind_int64 (stmt, 1, account_id, &rc);
  if (!query_single_int (reader->conn, stmt, rc, &count, &error))
    {
      g_warning ("Cannot count the products: %s", error->message);
      return 0;
    }

  return (guint) MIN (count, (gint64) G_MAXUINT);
}

GPtrArray *
bottega_store_search_products (BottegaStore  *self,
                               gint64         account_id,
                               const char    *query,
                               guint          limit,
                               GError       **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  g_autofree char *match = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id >= 0, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  match = bottega_store_fts_prefix_match (query);
  if (match == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL)
    return NULL;

  /* A word in the name weighs most, then the SKU, the brand, the description. */
  stmt = bottega_store_conn_prepare (reader->conn,
                                     "SELECT " PRODUCT_COLUMNS " "
                                     "FROM products_fts JOIN products p ON p.id = products_fts.rowid "
                                     "WHERE products_fts MATCH ?1 AND (?2 = 0 OR p.account_id = ?2) "
                                     "ORDER BY bm25 (products_fts, 10.0, 1.0, 4.0, 8.0), "
                                     "         p.name COLLATE NOCASE, p.id "
                                     "LIMIT ?3",
                                     error);
  if (stmt == NULL)
    return NULL;

  bottega_bind_text (stmt, 1, match, &rc);
  bottega_bind_int64 (stmt, 2, account_id, &rc);
  bottega_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1, &rc);

  return read_products (reader->conn, stmt, rc, error);
}

static BottegaProduct *
single_product (BottegaStoreConn  *conn,
                BottegaStmt       *stmt,
                int                rc,
                GError           **error)
{
  rc = bottega_store_step (conn, stmt, rc, error);
  if (rc == SQLITE_ROW)
    return read_product (stmt);
  if (rc == SQLITE_DONE)
    set_product_not_found (error);
  return NULL;
}

BottegaProduct *
bottega_store_get_product (BottegaStore  *self,
                           gint64         product_id,
                           GError       **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL)
    return NULL;

  stmt = bottega_store_conn_prepare (reader->conn,
                                     "SELECT " PRODUCT_COLUMNS " FROM products p WHERE p.id = ?1",
                                     error);
  if (stmt == NULL)
    return NULL;
  bottega_bind_int64 (stmt, 1, product_id, &rc);

  return single_product (reader->conn, stmt, rc, error);
}

BottegaProduct *
bottega_store_find_product (BottegaStore  *self,
                            gint64         account_id,
                            const char    *retailer_id,
                            GError       **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (retailer_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL)
    return NULL;

  stmt = bottega_store_conn_prepare (reader->conn,
                                     "SELECT " PRODUCT_COLUMNS " FROM products p "
                                     "WHERE p.account_id = ?1 AND p.retailer_id = ?2",
                                     error);
  if (stmt == NULL)
    return NULL;
  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_text (stmt, 2, retailer_id, &rc);

  return single_product (reader->conn, stmt, rc, error);
}

GPtrArray *
bottega_store_list_products_without_image (BottegaStore  *self,
                                           gint64         account_id,
                                           guint          limit,
                                           GError       **error)
{
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL)
    return NULL;

  stmt = bottega_store_conn_prepare (reader->conn,
                                     "SELECT " PRODUCT_COLUMNS " FROM products p "
                                     "WHERE p.account_id = ?1 AND p.image_url IS NOT NULL "
                                     "  AND p.image_path IS NULL "
                                     "ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?2",
                                     error);
  if (stmt == NULL)
    return NULL;
  bottega_bind_int64 (stmt, 1, account_id, &rc);
  bottega_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1, &rc);

  return read_products (reader->conn, stmt, rc, error);
}

/* ---- reads off the main thread ---- */

typedef struct {
  gint64  account_id;
  char   *query;
  guint   offset;
  guint   limit;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_free (data->query);
  g_free (data);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *data = task_data;
  g_autofree char *match = data->query != NULL ? bottega_store_fts_prefix_match (data->query) : NULL;
  GError *error = NULL;
  GPtrArray *products;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (match != NULL)
    products = bottega_store_search_products (source_object, data->account_id, data->query,
                                              data->limit, &error);
  else
    products = bottega_store_list_products (source_object, data->account_id, data->offset,
                                            data->limit, &error);

  if (products == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, products, (GDestroyNotify) g_ptr_array_unref);
}

void
bottega_store_query_products_async (BottegaStore        *self,
                                    gint64               account_id,
                                    const char          *query,
                                    guint                offset,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (BOTTEGA_IS_STORE (self));
  g_return_if_fail (account_id >= 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (QueryData, 1);
  data->account_id = account_id;
  data->query = g_strdup (query);
  data->offset = offset;
  data->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_store_query_products_async);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  g_task_run_in_thread (task, query_thread);
}

GPtrArray *
bottega_store_query_products_finish (BottegaStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bottega_store_query_products_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- catalog sources ---- */

static const char * const kind_names[] = {
  [BOTTEGA_CATALOG_KIND_NONE] = "none",
  [BOTTEGA_CATALOG_KIND_GRAPH] = "graph",
  [BOTTEGA_CATALOG_KIND_FEED] = "feed",
};

static BottegaCatalogKind
parse_kind (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (kind_names[i], name) == 0)
      return (BottegaCatalogKind) i;

  return BOTTEGA_CATALOG_KIND_NONE;
}

void
bottega_catalog_source_info_free (BottegaCatalogSourceInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->base_url);
  g_free (info->catalog_id);
  g_free (info->feed_path);
  g_free (info->last_error);
  g_free (info);
}

BottegaCatalogSourceInfo *
bottega_store_get_catalog_source (BottegaStore  *self,
                                  gint64         account_id,
                                  GError       **error)
{
  g_autoptr(BottegaCatalogSourceInfo) info = g_new0 (BottegaCatalogSourceInfo, 1);
  g_autoptr(BottegaStoreReader) reader = NULL;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((reader = bottega_store_reader_acquire (self, error)) == NULL)
    return NULL;

  stmt = bottega_store_conn_prepare (reader->conn,
                                     "SELECT kind, base_url, catalog_id, feed_path, refreshed_at, "
                                     "       attempted_at, last_error "
                                     "FROM catalog_sources WHERE account_id = ?1",
                                     error);
  if (stmt == NULL)
    return NULL;
  bottega_bind_int64 (stmt, 1, account_id, &rc);
  rc = bottega_store_step (reader->conn, stmt, rc, error);
  if (rc == SQLITE_ROW)
    {
      info->kind = parse_kind ((const char *) sqlite3_column_text (stmt, 0));
      info->base_url = bottega_column_strdup (stmt, 1);
      info->catalog_id = bottega_column_strdup (stmt, 2);
      info->feed_path = bottega_column_strdup (stmt, 3);
      info->refreshed_at = sqlite3_column_int64 (stmt, 4);
      info->attempted_at = sqlite3_column_int64 (stmt, 5);
      info->last_error = bottega_column_strdup (stmt, 6);
    }
  else if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&info);
}

typedef struct {
  gint64                          account_id;
  const BottegaCatalogSourceInfo *source;
} SourceChange;

static gboolean
set_source_func (BottegaStoreConn     *conn,
                 gpointer              data,
                 BottegaStoreChanges  *changes,
                 gpointer             *result,
                 GError              **error)
{
  SourceChange *change = data;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  if (!account_exists (conn, change->account_id, error))
    return FALSE;

  /* The same catalog at a new address (another API version, the demo
   * shop on a new port) keeps its history; another catalog starts afresh. */
#define SAME_SOURCE \
  "(catalog_sources.kind IS excluded.kind AND catalog_sources.catalog_id IS excluded.catalog_id " \
  " AND catalog_sources.feed_path IS excluded.feed_path)"
  stmt = bottega_store_conn_prepare (conn,
                                     "INSERT INTO catalog_sources (account_id, kind, base_url, catalog_id, feed_path) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5) "
                                     "ON CONFLICT (account_id) DO UPDATE SET "
                                     "  refreshed_at = CASE WHEN " SAME_SOURCE " THEN refreshed_at ELSE 0 END, "
                                     "  attempted_at = CASE WHEN " SAME_SOURCE " THEN attempted_at ELSE 0 END, "
                                     "  last_error = CASE WHEN " SAME_SOURCE " THEN last_error ELSE NULL END, "
                                     "  kind = excluded.kind, base_url = excluded.base_url, "
                                     "  catalog_id = excluded.catalog_id, feed_path = excluded.feed_path",
                                     error);
#undef SAME_SOURCE
  if (stmt == NULL)
    return FALSE;

  bottega_bind_int64 (stmt, 1, change->account_id, &rc);
  bottega_bind_text (stmt, 2, kind_names[change->source->kind], &rc);
  bottega_bind_text (stmt, 3, change->source->base_url, &rc);
  bottega_bind_text (stmt, 4, change->source->catalog_id, &rc);
  bottega_bind_text (stmt, 5, change->source->feed_path, &rc);

  return bottega_store_step_done (conn, stmt, rc, error);
}

gboolean
bottega_store_set_catalog_source (BottegaStore                    *self,
                                  gint64                           account_id,
                                  const BottegaCatalogSourceInfo  *source,
                                  GError                         **error)
{
  SourceChange change = { account_id, source };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (source->kind <= BOTTEGA_CATALOG_KIND_FEED, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bottega_store_write (self, set_source_func, &change, NULL, NULL, NULL, error))
    return FALSE;

  bottega_store_emit_catalog_changed (self, account_id);
  return TRUE;
}

typedef struct {
  gint64      account_id;
  gint64      when;
  const char *error_text;
} Refreshed;

static gboolean
set_refreshed_func (BottegaStoreConn     *conn,
                    gpointer              data,
                    BottegaStoreChanges  *changes,
                    gpointer             *result,
                    GError              **error)
{
  Refreshed *refreshed = data;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  if (!account_exists (conn, refreshed->account_id, error))
    return FALSE;

  stmt = bottega_store_conn_prepare (conn,
                                     "INSERT INTO catalog_sources (account_id, refreshed_at, attempted_at, last_error) "
                                     "VALUES (?1, CASE WHEN ?3 IS NULL THEN ?2 ELSE 0 END, ?2, ?3) "
                                     "ON CONFLICT (account_id) DO UPDATE SET "
                                     "  refreshed_at = CASE WHEN ?3 IS NULL THEN ?2 ELSE refreshed_at END, "
                                     "  attempted_at = ?2, last_error = ?3",
                                     error);
  if (stmt == NULL)
    return FALSE;

  bottega_bind_int64 (stmt, 1, refreshed->account_id, &rc);
  bottega_bind_int64 (stmt, 2, refreshed->when, &rc);
  bottega_bind_text (stmt, 3, refreshed->error_text, &rc);

  return bottega_store_step_done (conn, stmt, rc, error);
}

gboolean
bottega_store_set_catalog_refreshed (BottegaStore  *self,
                                     gint64         account_id,
                                     gint64         when,
                                     const char    *error_text,
                                     GError       **error)
{
  Refreshed refreshed = { account_id, when, error_text };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bottega_store_write (self, set_refreshed_func, &refreshed, NULL, NULL, NULL, error))
    return FALSE;

  bottega_store_emit_catalog_changed (self, account_id);
  return TRUE;
}
