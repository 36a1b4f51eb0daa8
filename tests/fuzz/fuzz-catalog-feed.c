/* fuzz-catalog-feed.c: a product feed file (CSV / TSV) as a shop imports it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "catalog/bottega-catalog-feed.h"
#include "bottega-provider-error.h"
#include "fuzz-common.h"

/* Inputs are small; a tighter bound reaches the size checks too. */
#define MAX_SIZE (64 * 1024)

static void
check_product (BottegaProduct *product)
{
  const char *id = bottega_product_get_retailer_id (product);

  /* The required columns, filled. */
  g_assert (id != NULL && *id != '\0');
  g_assert (bottega_product_get_name (product) != NULL && *bottega_product_get_name (product) != '\0');
  g_assert (bottega_product_get_price_minor (product) >= 0);
  g_assert (bottega_product_get_account_id (product) == 0);
  fuzz_check_strings (G_OBJECT (product));
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  g_autoptr(BottegaCatalogFeedReader) reader = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  const BottegaCatalogImport *report;
  guint n = 0;

  reader = bottega_catalog_feed_reader_new (stream, MAX_SIZE, NULL, &error);
  if (reader == NULL)
    {
      g_assert (error != NULL);
      g_assert (error->domain == BOTTEGA_CATALOG_ERROR || error->domain == G_IO_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  g_assert (strchr (",\t;", bottega_catalog_feed_reader_get_delimiter (reader)) != NULL);

  for (;;)
    {
      g_autoptr(BottegaProduct) product = bottega_catalog_feed_reader_next (reader, NULL, &error);

      if (product == NULL)
        break;
      check_product (product);
      /* Each retailer id once: the first line wins. */
      g_assert (!g_hash_table_contains (ids, bottega_product_get_retailer_id (product)));
      g_hash_table_add (ids, g_strdup (bottega_product_get_retailer_id (product)));
      n++;
    }

  if (error != NULL)
    {
      g_assert (error->domain == BOTTEGA_CATALOG_ERROR || error->domain == G_IO_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
    }
  g_assert (bottega_catalog_feed_reader_get_n_products (reader) == n);

  /* Skipped lines: after the header, each with a reason fit to show. */
  report = bottega_catalog_feed_reader_get_report (reader);
  g_assert (report != NULL && report->skipped->len <= report->n_skipped);
  g_assert (report->skipped->len <= BOTTEGA_CATALOG_MAX_REPORTED);
  for (guint i = 0; i < report->skipped->len; i++)
    {
      BottegaCatalogSkip *skip = g_ptr_array_index (report->skipped, i);

      g_assert (skip->line >= 2);
      g_assert (skip->reason != NULL && g_utf8_validate (skip->reason, -1, NULL));
      g_assert (skip->retailer_id == NULL || g_utf8_validate (skip->retailer_id, -1, NULL));
      if (i > 0)
        g_assert (skip->line >= ((BottegaCatalogSkip *) g_ptr_array_index (report->skipped, i - 1))->line);
    }
  return 0;
}
