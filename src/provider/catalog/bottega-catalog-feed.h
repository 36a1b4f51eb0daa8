/* bottega-catalog-feed.h: product feed files (CSV / TSV) as a catalog source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-catalog-source.h"

G_BEGIN_DECLS

/* Bounds of a feed file. */
#define BOTTEGA_CATALOG_FEED_MAX_SIZE     ((goffset) 200 * 1024 * 1024)
#define BOTTEGA_CATALOG_FEED_MAX_FIELD    (64 * 1024)   /* bytes of one field */
#define BOTTEGA_CATALOG_FEED_MAX_COLUMNS  256

/* The common product feed format (Google Merchant Center, Meta Commerce
 * Manager): a header line naming the columns, then one product a line.
 *
 * - UTF-8, with or without a byte order mark; comma, tab or semicolon
 *   separated (found from the header line); RFC 4180 quoting: quoted
 *   fields may hold separators, line breaks and "" for a quote.
 * - Column names are case-insensitive, may have a "g:" prefix and spaces
 *   for underscores: id (or retailer_id), title (or name), description,
 *   availability, condition, price, sale_price, link (or url), image_link
 *   (or image_url), brand. Others are ignored.
 * - id, title and price are required columns: a file without one of them
 *   is refused (BOTTEGA_CATALOG_ERROR_INVALID, naming the missing columns).
 *   Availability defaults to "in stock".
 * - A line with no id, no title, an unparsable price or sale price, an
 *   unknown availability, invalid UTF-8, a field over the bound, more
 *   fields than the header, or an id already seen on an earlier line (the
 *   first wins) is skipped and reported with its line number and reason.
 * - A file with no usable line is refused (BOTTEGA_CATALOG_ERROR_EMPTY);
 *   one over BOTTEGA_CATALOG_FEED_MAX_SIZE or BOTTEGA_CATALOG_MAX_PRODUCTS
 *   is refused (BOTTEGA_CATALOG_ERROR_TOO_LARGE). */

/* ---- streaming: one product at a time ---- */

typedef struct _BottegaCatalogFeedReader BottegaCatalogFeedReader;

/* Reads the header from @stream (which the reader then owns a reference
 * to); refuses the feed when it is not one. @max_size bounds the bytes read
 * (0: BOTTEGA_CATALOG_FEED_MAX_SIZE). */
BottegaCatalogFeedReader *bottega_catalog_feed_reader_new  (GInputStream   *stream,
                                                            goffset         max_size,
                                                            GCancellable   *cancellable,
                                                            GError        **error);
/* The same for a file, refused up front when it is larger than @max_size. */
BottegaCatalogFeedReader *bottega_catalog_feed_reader_open (const char     *path,
                                                            goffset         max_size,
                                                            GCancellable   *cancellable,
                                                            GError        **error);
void                      bottega_catalog_feed_reader_free (BottegaCatalogFeedReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaCatalogFeedReader, bottega_catalog_feed_reader_free)

/* The next usable product (a new reference), skipping and recording bad
 * lines; NULL with no error at the end of the file. NULL with an error
 * when reading fails, the file is over a bound, or it ends without a single
 * usable product (BOTTEGA_CATALOG_ERROR_EMPTY). Fits
 * BottegaStoreProductFunc, so a file streams into one store transaction. */
BottegaProduct *bottega_catalog_feed_reader_next      (BottegaCatalogFeedReader  *reader,
                                                       GCancellable              *cancellable,
                                                       GError                   **error);
/* The lines skipped so far; its products array stays empty. */
const BottegaCatalogImport *bottega_catalog_feed_reader_get_report (BottegaCatalogFeedReader *reader);
guint           bottega_catalog_feed_reader_get_n_products (BottegaCatalogFeedReader *reader);
/* ',', '\t' or ';'. */
char            bottega_catalog_feed_reader_get_delimiter  (BottegaCatalogFeedReader *reader);

/* ---- a feed file as a BottegaCatalogSource ---- */

#define BOTTEGA_TYPE_CATALOG_FEED (bottega_catalog_feed_get_type ())
G_DECLARE_FINAL_TYPE (BottegaCatalogFeed, bottega_catalog_feed, BOTTEGA, CATALOG_FEED, GObject)

/* Properties: path (construct-only), max-size (int64; 0 = the default bound). */
BottegaCatalogFeed *bottega_catalog_feed_new          (const char         *path);
const char         *bottega_catalog_feed_get_path     (BottegaCatalogFeed *self);
goffset             bottega_catalog_feed_get_max_size (BottegaCatalogFeed *self);
void                bottega_catalog_feed_set_max_size (BottegaCatalogFeed *self,
                                                       goffset             max_size);

G_END_DECLS
