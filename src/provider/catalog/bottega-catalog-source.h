/* bottega-catalog-source.h: where a shop's product catalog comes from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bottega-core.h"

G_BEGIN_DECLS

#define BOTTEGA_CATALOG_ERROR (bottega_catalog_error_quark ())

/* Errors of a catalog's content. Errors of the network and of Meta's API
 * are BOTTEGA_PROVIDER_ERROR (UNAUTHORIZED for Graph code 190, …). */
typedef enum {
  BOTTEGA_CATALOG_ERROR_FAILED,
  BOTTEGA_CATALOG_ERROR_INVALID,    /* not a product feed: no header, missing required columns, not text */
  BOTTEGA_CATALOG_ERROR_EMPTY,      /* no usable product in it: every line was skipped */
  BOTTEGA_CATALOG_ERROR_TOO_LARGE,  /* beyond the bounds: file size, products, pages */
} BottegaCatalogError;

GQuark bottega_catalog_error_quark (void);

/* Bounds of one catalog, whatever its source. */
#define BOTTEGA_CATALOG_MAX_PRODUCTS     500000
/* Skipped lines kept with their reason; the rest are only counted. */
#define BOTTEGA_CATALOG_MAX_REPORTED     1000
/* Meta's limit for a retailer id. */
#define BOTTEGA_CATALOG_MAX_RETAILER_ID  100

/* A line (or Graph item) that was left out, and why. */
typedef struct {
  guint  line;         /* feed: the 1-based line the record starts on (the header is line 1);
                        * Graph: the item's 1-based position in the listing */
  char  *retailer_id;  /* when it was readable, else NULL */
  char  *reason;       /* translated, one line */
} BottegaCatalogSkip;

void                bottega_catalog_skip_free (BottegaCatalogSkip *skip);
BottegaCatalogSkip *bottega_catalog_skip_new  (guint line, const char *retailer_id, const char *reason);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaCatalogSkip, bottega_catalog_skip_free)

/* What a source gave: the usable products, in source order and without
 * duplicated retailer ids (the first wins), and what was left out. */
typedef struct {
  GPtrArray *products;   /* BottegaProduct, account-id 0 */
  GPtrArray *skipped;    /* BottegaCatalogSkip, at most BOTTEGA_CATALOG_MAX_REPORTED, in order */
  guint      n_skipped;  /* every skipped line, reported or not */
} BottegaCatalogImport;

BottegaCatalogImport *bottega_catalog_import_new   (void);
void                  bottega_catalog_import_free  (BottegaCatalogImport *import);
/* Appends a skipped line (keeping at most BOTTEGA_CATALOG_MAX_REPORTED). */
void                  bottega_catalog_import_skip  (BottegaCatalogImport *import, guint line,
                                                    const char *retailer_id, const char *reason);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaCatalogImport, bottega_catalog_import_free)

/* Whether Bottega may fetch from @uri: https:// anywhere, http:// only to
 * this computer (a loopback address or "localhost"). */
gboolean bottega_catalog_uri_is_allowed (GUri *uri);

#define BOTTEGA_TYPE_CATALOG_SOURCE (bottega_catalog_source_get_type ())
G_DECLARE_INTERFACE (BottegaCatalogSource, bottega_catalog_source, BOTTEGA, CATALOG_SOURCE, GObject)

/* A catalog source reads a whole catalog off the main thread. It does not
 * touch the store: the caller replaces the account's catalog with the
 * result in one transaction. */
struct _BottegaCatalogSourceInterface
{
  GTypeInterface parent_iface;

  void                  (*fetch_async)  (BottegaCatalogSource *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  BottegaCatalogImport *(*fetch_finish) (BottegaCatalogSource *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  /* Blocking, for worker threads and the command line. */
  BottegaCatalogImport *(*fetch)        (BottegaCatalogSource *self,
                                         GCancellable         *cancellable,
                                         GError              **error);
};

void                  bottega_catalog_source_fetch_async  (BottegaCatalogSource *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
BottegaCatalogImport *bottega_catalog_source_fetch_finish (BottegaCatalogSource *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
BottegaCatalogImport *bottega_catalog_source_fetch        (BottegaCatalogSource *self,
                                                           GCancellable         *cancellable,
                                                           GError              **error);

G_END_DECLS
