/* bottega-catalog-sync.h: an account's catalog from its source into the store, images into the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-store.h"
#include "bottega-sync-error.h"
#include "catalog/bottega-catalog-feed.h"
#include "catalog/bottega-catalog-graph.h"

G_BEGIN_DECLS

/* Largest product image downloaded; only image/png, image/jpeg, image/webp
 * and image/gif are kept, under a name Bottega chooses. */
#define BOTTEGA_CATALOG_IMAGE_MAX_SIZE   (8 * 1024 * 1024)
/* A catalog older than this is refreshed by the sync engine. */
#define BOTTEGA_CATALOG_MAX_AGE_SECONDS  (24 * 3600)
/* Images fetched per refresh at most (the rest on the next one). */
#define BOTTEGA_CATALOG_IMAGES_PER_RUN   2000

/* What an import or a refresh did. */
typedef struct {
  guint      n_products;      /* products the account's catalog now has */
  guint      n_skipped;       /* lines or items left out */
  GPtrArray *skipped;         /* BottegaCatalogSkip: the first BOTTEGA_CATALOG_MAX_REPORTED, in order */
  guint      n_images;        /* images downloaded */
  guint      n_image_errors;  /* images that could not be downloaded (tried again next time) */
} BottegaCatalogReport;

void bottega_catalog_report_free (BottegaCatalogReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaCatalogReport, bottega_catalog_report_free)

/* $XDG_CACHE_HOME/bottega/products/<account-id>: where product images are
 * cached. The environment is read each time, so that tests can move it. */
char *bottega_catalog_sync_get_image_dir (gint64 account_id);

/* Imports a product feed file (bottega-catalog-feed.h) into the catalog of
 * @account_id: the file streams into one store transaction, so a refused
 * file (BOTTEGA_CATALOG_ERROR_INVALID / _EMPTY / _TOO_LARGE, or an I/O
 * error) leaves the previous catalog as it was. On success the file becomes
 * the account's catalog source (kind FEED, refreshed now); the report lists
 * the skipped lines. Images are not downloaded here (see
 * bottega_catalog_sync_fetch_images). BOTTEGA_SYNC_ERROR_BUSY while another
 * import or refresh of the account runs. Blocking: worker threads, the
 * command line. */
BottegaCatalogReport *bottega_catalog_sync_import_file        (BottegaStore   *store,
                                                               gint64          account_id,
                                                               const char     *path,
                                                               GCancellable   *cancellable,
                                                               GError        **error);
void                  bottega_catalog_sync_import_file_async  (BottegaStore        *store,
                                                               gint64               account_id,
                                                               const char          *path,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
BottegaCatalogReport *bottega_catalog_sync_import_file_finish (GAsyncResult  *result,
                                                               GError       **error);

/* Refreshes the catalog of @account from its source: Meta's catalog API
 * (the token from the keyring; the demo account uses the sandbox's catalog
 * at its own address with the demo token) or the feed file; replaces the
 * catalog in one transaction, downloads missing images (up to
 * BOTTEGA_CATALOG_IMAGES_PER_RUN) and records the attempt in the source
 * (refreshed-at, or last-error with the reason). BOTTEGA_SYNC_ERROR_FAILED
 * when the account has no catalog source, _NO_TOKEN without a token, _BUSY
 * while another import or refresh of it runs. Blocking. */
BottegaCatalogReport *bottega_catalog_sync_refresh            (BottegaStore   *store,
                                                               BottegaAccount *account,
                                                               GCancellable   *cancellable,
                                                               GError        **error);
void                  bottega_catalog_sync_refresh_async      (BottegaStore        *store,
                                                               BottegaAccount      *account,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
BottegaCatalogReport *bottega_catalog_sync_refresh_finish     (GAsyncResult  *result,
                                                               GError       **error);

/* Downloads the images of up to @limit (0: all) products that have an image
 * URL but no cached image, records their paths (a transaction per few
 * dozen) and returns how many it stored; @n_failed (optional) counts those
 * that could not be fetched. Blocking. */
guint    bottega_catalog_sync_fetch_images     (BottegaStore  *store,
                                                gint64         account_id,
                                                guint          limit,
                                                guint         *n_failed,
                                                GCancellable  *cancellable,
                                                GError       **error);

/* Makes Meta's catalog API the account's catalog source: @base_url (NULL:
 * BOTTEGA_CATALOG_GRAPH_DEFAULT_BASE_URL), @catalog_id, and @token into the
 * keyring (NULL keeps the stored one). Blocking. */
gboolean bottega_catalog_sync_set_graph_source (BottegaStore  *store,
                                                gint64         account_id,
                                                const char    *base_url,
                                                const char    *catalog_id,
                                                const char    *token,
                                                GCancellable  *cancellable,
                                                GError       **error);

/* The sync engine's hook, from the main thread after a successful pull:
 * in a worker thread, refreshes the catalog when the account has a source
 * (the demo account always has the sandbox's) and it was never refreshed
 * or is older than BOTTEGA_CATALOG_MAX_AGE_SECONDS (a failed attempt is
 * retried after an hour), else fetches images still missing. Looks at most
 * once an hour per account; quiet: problems go to the log and the source's
 * last-error. */
void     bottega_catalog_sync_refresh_if_due   (BottegaStore   *store,
                                                BottegaAccount *account,
                                                GCancellable   *cancellable);

G_END_DECLS
