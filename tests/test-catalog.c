/* test-catalog.c: prices, product feeds, the Graph catalog API against the sandbox, the catalog store, catalog sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include <libsoup/soup.h>

#include "bottega-account-setup.h"
#include "bottega-catalog-sync.h"
#include "bottega-product-list.h"
#include "bottega-sandbox.h"
#include "bottega-secret.h"
#include "bottega-store-resources.h"
#include "bottega-sync-engine.h"
#include "bottega-test-helpers.h"

#define NBSP  "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"
#define PNG_HEAD "\x89PNG\r\n\x1a\n"

/* ---- helpers ---- */

static char *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

static BottegaProduct *
make_product (const char *retailer_id,
              const char *name,
              const char *description,
              const char *brand,
              gint64      price,
              const char *image_url)
{
  BottegaProduct *product = bottega_product_new ();

  bottega_product_set_retailer_id (product, retailer_id);
  bottega_product_set_name (product, name);
  bottega_product_set_description (product, description);
  bottega_product_set_brand (product, brand);
  bottega_product_set_price_minor (product, price);
  bottega_product_set_currency (product, "EUR");
  bottega_product_set_image_url (product, image_url);
  return product;
}

static BottegaProduct *
find_in (GPtrArray  *products,
         const char *retailer_id)
{
  for (guint i = 0; i < products->len; i++)
    if (g_strcmp0 (bottega_product_get_retailer_id (g_ptr_array_index (products, i)), retailer_id) == 0)
      return g_ptr_array_index (products, i);
  return NULL;
}

static const BottegaCatalogSkip *
skipped_line (const BottegaCatalogImport *import,
              guint                       line)
{
  for (guint i = 0; i < import->skipped->len; i++)
    {
      const BottegaCatalogSkip *skip = g_ptr_array_index (import->skipped, i);

      if (skip->line == line)
        return skip;
    }
  return NULL;
}

static BottegaCatalogImport *
read_feed (const char  *path,
           GError     **error)
{
  g_autoptr(BottegaCatalogFeed) feed = bottega_catalog_feed_new (path);

  return bottega_catalog_source_fetch (BOTTEGA_CATALOG_SOURCE (feed), NULL, error);
}

/* A home, a store and one account in it. */
typedef struct {
  char           *home;
  char           *dir;
  BottegaStore   *store;
  BottegaAccount *account;
  BottegaSandbox *sandbox;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->home = test_home_new ();
  f->dir = g_build_filename (f->home, "files", NULL);
  g_mkdir_with_parents (f->dir, 0700);
  path = bottega_store_default_path (NULL);
  f->store = bottega_store_open (path, &error);
  g_assert_no_error (error);

  f->account = bottega_account_new ();
  bottega_account_set_url (f->account, "https://chat.bottegamarchetti.example");
  bottega_account_set_remote_id (f->account, 1);
  bottega_account_set_name (f->account, "Bottega Marchetti");
  bottega_store_save_account (f->store, f->account, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->account);
  if (f->store != NULL)
    bottega_store_close (f->store);
  g_clear_object (&f->store);
  if (f->sandbox != NULL)
    bottega_sandbox_stop (f->sandbox);
  g_clear_object (&f->sandbox);
  g_free (f->dir);
  test_home_free (f->home);
}

static gint64
account_id (Fixture *f)
{
  return bottega_account_get_id (f->account);
}

static void
start_sandbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = bottega_sandbox_new (NULL, &error);
  g_assert_no_error (error);
  bottega_sandbox_start (f->sandbox, 0, &error);
  g_assert_no_error (error);
}

/* ---- prices ---- */

static void
test_price_parse (void)
{
  static const struct {
    const char *text;
    gint64      minor;
    const char *currency;
  } good[] = {
    { "12.50 EUR", 1250, "EUR" },
    { "12,50 EUR", 1250, "EUR" },
    { "  12.5 eur ", 1250, "EUR" },
    { "12 EUR", 1200, "EUR" },
    { "0.99\tUSD", 99, "USD" },
    { "1250 JPY", 1250, "JPY" },
    { "1.234 KWD", 1234, "KWD" },
    { "12.500 EUR", 1250, "EUR" },      /* trailing zeros beyond the cents */
    { "1234567.89 BRL", 123456789, "BRL" },
  };
  static const char * const bad[] = {
    "", "EUR", "12.50", "12.50EUR", "EUR 12.50", "€12.50", "12.505 EUR", "12.5 JPY",
    "1,234.50 EUR", "1.234,50 EUR", "-3.00 EUR", ".50 EUR", "12. EUR", "12.50 EURO",
    "12.50 EU", "1e3 EUR", "99999999999999999999 EUR", "12.50 EUR extra",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *currency = NULL;
      gint64 minor = -1;

      g_test_message ("%s", good[i].text);
      g_assert_true (bottega_price_parse (good[i].text, &minor, &currency));
      g_assert_cmpint (minor, ==, good[i].minor);
      g_assert_cmpstr (currency, ==, good[i].currency);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 minor = 7;

      g_test_message ("%s", bad[i]);
      g_assert_false (bottega_price_parse (bad[i], &minor, NULL));
      g_assert_cmpint (minor, ==, 7);
    }

  g_assert_cmpuint (bottega_currency_get_exponent ("EUR"), ==, 2);
  g_assert_cmpuint (bottega_currency_get_exponent ("jpy"), ==, 0);
  g_assert_cmpuint (bottega_currency_get_exponent ("BHD"), ==, 3);
  g_assert_cmpuint (bottega_currency_get_exponent ("XYZ"), ==, 2);
}

static void
test_price_parse_display (void)
{
  static const struct {
    const char *text;
    const char *currency;
    gint64      minor;
    const char *out;
  } good[] = {
    { "€12.50", NULL, 1250, "EUR" },
    { "12,50 €", NULL, 1250, "EUR" },
    { "12,50" NBSP "€", "EUR", 1250, "EUR" },
    { "$1,234.50", "USD", 123450, "USD" },
    { "R$ 1.234,50", NULL, 123450, "BRL" },
    { "1 234,50 €", NULL, 123450, "EUR" },
    { "USD 12.50", NULL, 1250, "USD" },
    { "¥1,200", "JPY", 1200, "JPY" },
    { "1250", "EUR", 1250, "EUR" },          /* Meta's own format: minor units */
    { "€189", NULL, 18900, "EUR" },
    { "€1.234", "EUR", 123400, "EUR" },     /* three digits after one mark: thousands */
  };
  static const struct {
    const char *text;
    const char *currency;
  } bad[] = {
    { "", "EUR" }, { "free", "EUR" }, { "1250", NULL }, { "-€12.50", NULL },
    { "€12.50 EUR", NULL }, { "12.50 bananas", NULL }, { "€12.5055", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *currency = NULL;
      gint64 minor = -1;

      g_test_message ("%s", good[i].text);
      g_assert_true (bottega_price_parse_display (good[i].text, good[i].currency, &minor, &currency));
      g_assert_cmpint (minor, ==, good[i].minor);
      g_assert_cmpstr (currency, ==, good[i].out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 minor = 7;

      g_test_message ("%s", bad[i].text);
      g_assert_false (bottega_price_parse_display (bad[i].text, bad[i].currency, &minor, NULL));
      g_assert_cmpint (minor, ==, 7);
    }
}

static void
test_price_format (void)
{
  static const struct {
    gint64      minor;
    const char *currency;
    const char *locale;
    const char *expected;
  } cases[] = {
    /* Italian */
    { 1250, "EUR", "it_IT.UTF-8", "12,50" NBSP "€" },
    { 123450, "EUR", "it_IT", "1.234,50" NBSP "€" },
    { 123456789, "EUR", "it", "1.234.567,89" NBSP "€" },
    { -1250, "EUR", "it_IT", "-12,50" NBSP "€" },
    { 0, "EUR", "it_IT", "0,00" NBSP "€" },
    { 5, "EUR", "it-IT", "0,05" NBSP "€" },
    /* Brazilian Portuguese */
    { 1250, "BRL", "pt_BR.UTF-8", "R$" NBSP "12,50" },
    { 123450, "BRL", "pt_BR", "R$" NBSP "1.234,50" },
    { 1250, "EUR", "pt_BR", "€" NBSP "12,50" },
    { -1250, "BRL", "pt-BR", "-R$" NBSP "12,50" },
    /* US English */
    { 1250, "EUR", "en_US.UTF-8", "€12.50" },
    { 1250, "USD", "en_US", "$12.50" },
    { 123450, "EUR", "en_US", "€1,234.50" },
    { -1250, "USD", "en_US", "-$12.50" },
    { 1200, "JPY", "en_US", "¥1,200" },
    { 1234, "KWD", "en_US", "KWD" NBSP "1.234" },
    { 1250, "CHF", "en_US", "CHF" NBSP "12.50" },
    { 1250, "BRL", "en_US", "R$12.50" },
    /* others */
    { 1250, "USD", "en_GB", "US$12.50" },
    { 1250, "GBP", "en_GB", "£12.50" },
    { 123450, "EUR", "de_DE", "1.234,50" NBSP "€" },
    { 123450, "EUR", "fr_FR", "1" NNBSP "234,50" NBSP "€" },
    { 123450, "EUR", "es_ES", "1234,50" NBSP "€" },
    { 1234550, "EUR", "es_ES", "12.345,50" NBSP "€" },
    { 123450, "EUR", "pt_PT", "1234,50" NBSP "€" },
    { 1234550, "EUR", "pt_PT", "12" NBSP "345,50" NBSP "€" },
    /* no rules: the feed's format */
    { 123450, "EUR", "ja_JP.UTF-8", "1234.50 EUR" },
    { 1250, "EUR", "C", "12.50 EUR" },
    { -1200, "JPY", "C.UTF-8", "-1200 JPY" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bottega_price_format (cases[i].minor, cases[i].currency, cases[i].locale);

      g_test_message ("%s %" G_GINT64_FORMAT " %s", cases[i].locale, cases[i].minor, cases[i].currency);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* NULL: the user's locale, from the environment when the C library has
 * not got it installed (the test never calls setlocale, so it is "C"). */
static void
test_price_format_user_locale (void)
{
  g_autofree char *saved_all = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *saved_monetary = g_strdup (g_getenv ("LC_MONETARY"));
  g_autofree char *saved_lang = g_strdup (g_getenv ("LANG"));
  g_autofree char *it = NULL;
  g_autofree char *br = NULL;
  g_autofree char *c = NULL;

  g_unsetenv ("LC_ALL");
  g_setenv ("LC_MONETARY", "it_IT.UTF-8", TRUE);
  g_setenv ("LANG", "en_US.UTF-8", TRUE);
  it = bottega_price_format (1250, "EUR", NULL);

  g_setenv ("LC_ALL", "pt_BR.UTF-8", TRUE);
  br = bottega_price_format (1250, "BRL", NULL);

  g_setenv ("LC_ALL", "C", TRUE);
  c = bottega_price_format (1250, "EUR", NULL);

  saved_all != NULL ? g_setenv ("LC_ALL", saved_all, TRUE) : g_unsetenv ("LC_ALL");
  saved_monetary != NULL ? g_setenv ("LC_MONETARY", saved_monetary, TRUE) : g_unsetenv ("LC_MONETARY");
  saved_lang != NULL ? g_setenv ("LANG", saved_lang, TRUE) : g_unsetenv ("LANG");

  g_assert_cmpstr (it, ==, "12,50" NBSP "€");
  g_assert_cmpstr (br, ==, "R$" NBSP "12,50");
  g_assert_cmpstr (c, ==, "12.50 EUR");
}

static void
test_availability (void)
{
  BottegaAvailability availability = BOTTEGA_AVAILABILITY_DISCONTINUED;

  g_assert_true (bottega_availability_from_string ("in stock", &availability));
  g_assert_cmpint (availability, ==, BOTTEGA_AVAILABILITY_IN_STOCK);
  g_assert_true (bottega_availability_from_string ("OUT_OF_STOCK", &availability));
  g_assert_cmpint (availability, ==, BOTTEGA_AVAILABILITY_OUT_OF_STOCK);
  g_assert_true (bottega_availability_from_string (" Available for order ", &availability));
  g_assert_cmpint (availability, ==, BOTTEGA_AVAILABILITY_AVAILABLE_FOR_ORDER);
  g_assert_true (bottega_availability_from_string ("backorder", &availability));
  g_assert_cmpint (availability, ==, BOTTEGA_AVAILABILITY_AVAILABLE_FOR_ORDER);
  g_assert_false (bottega_availability_from_string ("maybe", &availability));
  g_assert_cmpint (availability, ==, BOTTEGA_AVAILABILITY_AVAILABLE_FOR_ORDER);
  g_assert_cmpstr (bottega_availability_to_string (BOTTEGA_AVAILABILITY_PREORDER), ==, "preorder");
  g_assert_nonnull (bottega_availability_get_label (BOTTEGA_AVAILABILITY_DISCONTINUED));
}

static void
test_product_snippet (void)
{
  g_autoptr(BottegaProduct) product = make_product ("BM-1", "Borsa Duomo – cognac", NULL, NULL, 18900, NULL);
  g_autofree char *plain = NULL;
  g_autofree char *sale = NULL;

  bottega_product_set_link (product, "https://shop.example/p/duomo");
  plain = bottega_product_build_snippet (product, "it_IT");
  g_assert_cmpstr (plain, ==, "Borsa Duomo – cognac\n189,00" NBSP "€\nhttps://shop.example/p/duomo");

  bottega_product_set_sale_price_minor (product, 15900);
  g_assert_true (bottega_product_is_on_sale (product));
  g_assert_cmpint (bottega_product_get_current_price_minor (product), ==, 15900);
  sale = bottega_product_build_snippet (product, "en_US");
  g_assert_true (g_str_has_prefix (sale, "Borsa Duomo – cognac\n€159.00"));
  g_assert_nonnull (strstr (sale, "€189.00"));
}

/* ---- feed files ---- */

static void
test_feed_good (Fixture       *f,
                gconstpointer  data)
{
  static const char feed[] =
    "id,title,description,availability,condition,price,sale_price,link,image_link,brand\n"
    "BM-1,Borsa Duomo,\"Borsa in pelle, cucita a mano.\n"
    "Seconda riga con \"\"virgolette\"\".\",in stock,new,189.00 EUR,159.00 EUR,"
    "https://shop.example/p/1,https://shop.example/i/1.png,Bottega Marchetti\n"
    "BM-2,Cintura,Cuoio,out of stock,used,65 EUR,,https://shop.example/p/2,not a link,Cuoio di Toscana\n"
    "BM-3,Portafoglio,,preorder,,\"79,90 EUR\",,,,\n";
  g_autofree char *path = write_file (f->dir, "feed.csv", feed, -1);
  g_autoptr(BottegaCatalogImport) import = NULL;
  g_autoptr(GError) error = NULL;
  BottegaProduct *p;

  import = read_feed (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->products->len, ==, 3);
  g_assert_cmpuint (import->n_skipped, ==, 0);

  p = find_in (import->products, "BM-1");
  g_assert_nonnull (p);
  g_assert_cmpstr (bottega_product_get_name (p), ==, "Borsa Duomo");
  g_assert_cmpstr (bottega_product_get_description (p), ==,
                   "Borsa in pelle, cucita a mano.\nSeconda riga con \"virgolette\".");
  g_assert_cmpint (bottega_product_get_price_minor (p), ==, 18900);
  g_assert_cmpint (bottega_product_get_sale_price_minor (p), ==, 15900);
  g_assert_cmpstr (bottega_product_get_currency (p), ==, "EUR");
  g_assert_cmpstr (bottega_product_get_condition (p), ==, "new");
  g_assert_cmpstr (bottega_product_get_link (p), ==, "https://shop.example/p/1");
  g_assert_cmpstr (bottega_product_get_image_url (p), ==, "https://shop.example/i/1.png");
  g_assert_cmpstr (bottega_product_get_brand (p), ==, "Bottega Marchetti");

  p = find_in (import->products, "BM-2");
  g_assert_cmpint (bottega_product_get_availability (p), ==, BOTTEGA_AVAILABILITY_OUT_OF_STOCK);
  g_assert_cmpint (bottega_product_get_price_minor (p), ==, 6500);
  g_assert_cmpint (bottega_product_get_sale_price_minor (p), ==, -1);
  g_assert_null (bottega_product_get_image_url (p));   /* "not a link" is dropped, the product kept */

  p = find_in (import->products, "BM-3");
  g_assert_cmpint (bottega_product_get_price_minor (p), ==, 7990);
  g_assert_cmpint (bottega_product_get_availability (p), ==, BOTTEGA_AVAILABILITY_PREORDER);
  g_assert_null (bottega_product_get_description (p));
}

static void
test_feed_bom_tab_aliases (Fixture       *f,
                           gconstpointer  data)
{
  static const char tsv[] =
    "\xef\xbb\xbf" "ID\tName\tPrice\tImage Link\tg:brand\tColour\r\n"
    "X1\tCamicia, di lino\t89.00 EUR\thttps://shop.example/x1.jpg\tLino Fiorentino\tazzurro\r\n"
    "\r\n"
    "X2\tFoulard\t49 EUR\t\t\t\r\n";
  static const char semicolons[] =
    "id;title;price\n"
    "S1;Sciarpa, lana;49,00 EUR\n";
  g_autofree char *tsv_path = write_file (f->dir, "feed.tsv", tsv, -1);
  g_autofree char *semi_path = write_file (f->dir, "excel.csv", semicolons, -1);
  g_autoptr(BottegaCatalogFeedReader) reader = NULL;
  g_autoptr(BottegaCatalogImport) import = NULL;
  g_autoptr(GError) error = NULL;
  BottegaProduct *p;

  reader = bottega_catalog_feed_reader_open (tsv_path, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_catalog_feed_reader_get_delimiter (reader), ==, '\t');

  import = read_feed (tsv_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->products->len, ==, 2);
  g_assert_cmpuint (import->n_skipped, ==, 0);
  p = find_in (import->products, "X1");
  g_assert_nonnull (p);    /* the BOM is not part of the first column's name */
  g_assert_cmpstr (bottega_product_get_name (p), ==, "Camicia, di lino");
  g_assert_cmpstr (bottega_product_get_image_url (p), ==, "https://shop.example/x1.jpg");
  g_assert_cmpstr (bottega_product_get_brand (p), ==, "Lino Fiorentino");
  g_assert_cmpint (bottega_product_get_availability (p), ==, BOTTEGA_AVAILABILITY_IN_STOCK);
  g_clear_pointer (&import, bottega_catalog_import_free);

  import = read_feed (semi_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->products->len, ==, 1);
  p = g_ptr_array_index (import->products, 0);
  g_assert_cmpstr (bottega_product_get_name (p), ==, "Sciarpa, lana");
  g_assert_cmpint (bottega_product_get_price_minor (p), ==, 4900);
}

/* Every bad line is skipped with its own line number and reason; the good
 * ones around it are kept. */
static void
test_feed_bad_lines (Fixture       *f,
                     gconstpointer  data)
{
  static const char feed[] =
    "id,title,price,availability,sale_price\r\n"        /* 1 */
    "A1,Good one,10.00 EUR,in stock,\r\n"                /* 2 */
    "A2,Bad price,ten euros,in stock,\r\n"               /* 3 */
    "A3,Bad \xff\xfe text,5.00 EUR,in stock,\r\n"        /* 4 */
    "A1,Duplicate,11.00 EUR,in stock,\r\n"               /* 5 */
    "A4,,12.00 EUR,in stock,\r\n"                        /* 6 */
    "A5,\"Quoted\r\n"                                    /* 7 */
    "newline\",13.00 EUR,,\r\n"                          /* 8 */
    "A6,Too,many,fields,here,and more\r\n"               /* 9 */
    "A7,Unknown availability,1.00 EUR,maybe,\r\n"        /* 10 */
    ",No id,1.00 EUR,,\r\n"                              /* 11 */
    "A9,Sale in dollars,10.00 EUR,,8.00 USD\r\n"         /* 12 */
    "A10,Bad sale,10.00 EUR,,cheap\r\n"                  /* 13 */
    "A8,Last good,2.50 EUR,,2.00 EUR\r\n";               /* 14 */
  static const struct {
    guint       line;
    const char *retailer_id;
    const char *in_reason;
  } expected[] = {
    { 3, "A2", "ten euros" },
    { 4, NULL, "UTF-8" },
    { 5, "A1", "line 2" },
    { 6, "A4", "title" },
    { 9, NULL, "fields" },
    { 10, "A7", "maybe" },
    { 11, NULL, "no id" },
    { 12, "A9", "USD" },
    { 13, "A10", "cheap" },
  };
  g_autofree char *path = write_file (f->dir, "bad.csv", feed, -1);
  g_autoptr(BottegaCatalogImport) import = NULL;
  g_autoptr(GError) error = NULL;
  BottegaProduct *p;

  import = read_feed (path, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (import->products->len, ==, 3);
  g_assert_cmpstr (bottega_product_get_name (find_in (import->products, "A1")), ==, "Good one");
  p = find_in (import->products, "A5");
  g_assert_cmpstr (bottega_product_get_name (p), ==, "Quoted\nnewline");
  p = find_in (import->products, "A8");
  g_assert_cmpint (bottega_product_get_sale_price_minor (p), ==, 200);

  g_assert_cmpuint (import->n_skipped, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (import->skipped->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const BottegaCatalogSkip *skip = skipped_line (import, expected[i].line);

      g_test_message ("line %u", expected[i].line);
      g_assert_nonnull (skip);
      g_assert_cmpstr (skip->retailer_id, ==, expected[i].retailer_id);
      g_assert_nonnull (strstr (skip->reason, expected[i].in_reason));
    }
}

static void
test_feed_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *columns = write_file (f->dir, "columns.csv", "sku,name,cost\nA,B,1.00 EUR\n", -1);
  g_autofree char *header_only = write_file (f->dir, "header.csv", "id,title,price\n\n", -1);
  g_autofree char *all_bad = write_file (f->dir, "all-bad.csv",
                                         "id,title,price\nA,One,free\nB,,1.00 EUR\n", -1);
  g_autofree char *empty = write_file (f->dir, "empty.csv", "", 0);
  g_autofree char *utf16 = write_file (f->dir, "utf16.csv", "\xff\xfei\0d\0", 6);
  g_autoptr(BottegaCatalogImport) import = NULL;
  g_autoptr(GError) error = NULL;

  import = read_feed (columns, &error);
  g_assert_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_INVALID);
  g_assert_null (import);
  /* It names what is missing; "name" stands for "title". */
  g_assert_nonnull (strstr (error->message, "“id”, “price”"));
  g_clear_error (&error);

  import = read_feed (header_only, &error);
  g_assert_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_EMPTY);
  g_clear_error (&error);

  import = read_feed (all_bad, &error);
  g_assert_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_clear_error (&error);

  import = read_feed (empty, &error);
  g_assert_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_INVALID);
  g_clear_error (&error);

  import = read_feed (utf16, &error);
  g_assert_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);
}

static void
test_feed_bounds (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *huge = g_build_filename (f->dir, "huge.csv", NULL);
  g_autofree char *small = write_file (f->dir, "small.csv",
                                       "id,title,price\nA,One,1.00 EUR\nB,Two,2.00 EUR\nC,Three,3.00 EUR\n", -1);
  g_autoptr(GString) long_line = g_string_new ("id,title,price,description\nA,Short,1.00 EUR,short\nB,Long,2.00 EUR,");
  g_autofree char *long_path = NULL;
  g_autoptr(BottegaCatalogFeed) feed = NULL;
  g_autoptr(BottegaCatalogImport) import = NULL;
  g_autoptr(BottegaCatalogFeedReader) reader = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  BottegaProduct *product;
  int fd;

  /* A sparse file just over the bound: refused before reading a byte. */
  fd = g_open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "id,title,price\n", 15), ==, 15);
  g_assert_cmpint (ftruncate (fd, BOTTEGA_CATALOG_FEED_MAX_SIZE + 1), ==, 0);
  close (fd);
  import = read_feed (huge, &error);
  g_assert_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* A smaller bound on the source. */
  feed = bottega_catalog_feed_new (small);
  bottega_catalog_feed_set_max_size (feed, 20);
  import = bottega_catalog_source_fetch (BOTTEGA_CATALOG_SOURCE (feed), NULL, &error);
  g_assert_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* A stream has no size to look at: the bytes are counted as they come,
   * and the products read before the bound are no excuse. */
  {
    GString *lines = g_string_new ("id,title,price\n");
    guint n_read = 0;

    for (guint i = 0; i < 5000; i++)
      g_string_append_printf (lines, "A%04u,Prodotto,1.00 EUR\n", i);
    stream = g_memory_input_stream_new_from_data (g_string_free (lines, FALSE), -1, g_free);
    reader = bottega_catalog_feed_reader_new (stream, 80 * 1024, NULL, &error);
    g_assert_no_error (error);
    while ((product = bottega_catalog_feed_reader_next (reader, NULL, &error)) != NULL)
      {
        n_read++;
        g_object_unref (product);
      }
    g_assert_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_TOO_LARGE);
    g_assert_cmpuint (n_read, >, 0);
    g_assert_cmpuint (n_read, <, 5000);
    g_clear_error (&error);
  }

  /* A field over the bound loses its line only. */
  for (guint i = 0; i < BOTTEGA_CATALOG_FEED_MAX_FIELD + 10; i++)
    g_string_append_c (long_line, 'x');
  g_string_append (long_line, "\nC,After,3.00 EUR,fine\n");
  long_path = write_file (f->dir, "long.csv", long_line->str, long_line->len);
  import = read_feed (long_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->products->len, ==, 2);
  g_assert_nonnull (find_in (import->products, "C"));
  g_assert_cmpuint (import->n_skipped, ==, 1);
  g_assert_cmpuint (((BottegaCatalogSkip *) g_ptr_array_index (import->skipped, 0))->line, ==, 3);
  g_assert_nonnull (strstr (((BottegaCatalogSkip *) g_ptr_array_index (import->skipped, 0))->reason, "64 KB"));
}

/* ---- the store ---- */

static GPtrArray *
sample_products (void)
{
  GPtrArray *products = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (products, make_product ("P1", "Borsa in pelle blù", "Pelle conciata al vegetale",
                                           "Bottega Marchetti", 18900, "https://shop.example/p1.png"));
  g_ptr_array_add (products, make_product ("P2", "Cintura intrecciata", "Cuoio intrecciato a mano",
                                           "Cuoio di Toscana", 6500, "https://shop.example/p2.png"));
  g_ptr_array_add (products, make_product ("P3", "Camicia di lino", "Lino lavato",
                                           "Lino Fiorentino", 8900, NULL));
  return products;
}

static void
replace (Fixture   *f,
         GPtrArray *products)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (bottega_store_replace_catalog_products (f->store, account_id (f), products, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, bottega_store_count_products (f->store, account_id (f)));
}

static char *
search_ids (Fixture    *f,
            const char *query)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);

  found = bottega_store_search_products (f->store, account_id (f), query, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                            bottega_product_get_retailer_id (g_ptr_array_index (found, i)));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

#define assert_search(f, query, expected) \
  G_STMT_START { \
    g_autofree char *ids__ = search_ids ((f), (query)); \
    g_test_message ("search %s", (query)); \
    g_assert_cmpstr (ids__, ==, (expected)); \
  } G_STMT_END

static void
test_store_search (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) products = sample_products ();
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(BottegaProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  replace (f, products);
  g_assert_cmpuint (bottega_store_count_products (f->store, account_id (f)), ==, 3);

  assert_search (f, "blu", "P1");                 /* accents ignored */
  assert_search (f, "BLÙ", "P1");
  assert_search (f, "pel", "P1");                 /* prefixes */
  assert_search (f, "bors pell", "P1");           /* every word */
  assert_search (f, "bors cuoio", "");
  assert_search (f, "toscana", "P2");             /* brand */
  assert_search (f, "vegetale", "P1");            /* description */
  assert_search (f, "p2", "P2");                  /* retailer id */
  assert_search (f, "\"pelle\" OR cintura", "");  /* no FTS syntax: "or" is a word */
  assert_search (f, "NEAR(pelle lino)", "");
  assert_search (f, "( * \" ", "");
  assert_search (f, "intrecciat*", "P2");

  /* A word in the name ranks above one in the description. */
  {
    g_autoptr(GPtrArray) more = sample_products ();

    g_ptr_array_add (more, make_product ("P4", "Portafoglio", "In pelle di vitello", NULL, 7900, NULL));
    replace (f, more);
    assert_search (f, "pelle", "P1 P4");
  }

  page = bottega_store_list_products (f->store, account_id (f), 1, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpstr (bottega_product_get_name (g_ptr_array_index (page, 0)), ==, "Camicia di lino");
  g_assert_cmpstr (bottega_product_get_name (g_ptr_array_index (page, 1)), ==, "Cintura intrecciata");

  product = bottega_store_find_product (f->store, account_id (f), "P2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_product_get_price_minor (product), ==, 6500);
  g_assert_cmpstr (bottega_product_get_currency (product), ==, "EUR");
  g_assert_cmpint (bottega_product_get_account_id (product), ==, account_id (f));
  {
    g_autoptr(BottegaProduct) by_id = bottega_store_get_product (f->store, bottega_product_get_id (product), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (bottega_product_get_retailer_id (by_id), ==, "P2");
  }
  g_clear_object (&product);
  product = bottega_store_find_product (f->store, account_id (f), "P99", &error);
  g_assert_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND);
  g_assert_null (product);
}

typedef struct {
  gboolean   done;
  GPtrArray *products;
  GError    *error;
} Wait;

static void
query_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->products = bottega_store_query_products_finish (BOTTEGA_STORE (object), result, &wait->error);
  wait->done = TRUE;
}

static void
test_store_query_async (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) products = sample_products ();
  Wait search = { 0 }, list = { 0 };

  replace (f, products);

  bottega_store_query_products_async (f->store, account_id (f), "lino", 0, 20, NULL, query_done, &search);
  bottega_store_query_products_async (f->store, account_id (f), NULL, 0, 20, NULL, query_done, &list);
  g_assert_true (test_wait_for (&search.done, 10));
  g_assert_true (test_wait_for (&list.done, 10));

  g_assert_no_error (search.error);
  g_assert_cmpuint (search.products->len, ==, 1);
  g_assert_cmpstr (bottega_product_get_retailer_id (g_ptr_array_index (search.products, 0)), ==, "P3");
  g_assert_no_error (list.error);
  g_assert_cmpuint (list.products->len, ==, 3);
  g_assert_cmpstr (bottega_product_get_retailer_id (g_ptr_array_index (list.products, 0)), ==, "P1");

  g_ptr_array_unref (search.products);
  g_ptr_array_unref (list.products);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *n_changes = user_data;

  (*n_changes)++;
}

static void
test_store_product_list (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaProductList) list = NULL;
  g_autoptr(BottegaProduct) item = NULL;
  guint n_changes = 0;

  /* More than a page: 250 products, "Prodotto 000" … "Prodotto 249". */
  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *id = g_strdup_printf ("S%03u", i);
      g_autofree char *name = g_strdup_printf ("Prodotto %03u", i);

      g_ptr_array_add (products, make_product (id, name, i == 42 ? "Seta di Como" : NULL, NULL, 100 + i, NULL));
    }
  replace (f, products);

  list = bottega_product_list_new (f->store, account_id (f));
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &n_changes);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == BOTTEGA_TYPE_PRODUCT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 250);
  item = g_list_model_get_item (G_LIST_MODEL (list), 217);
  g_assert_cmpstr (bottega_product_get_name (item), ==, "Prodotto 217");
  g_clear_object (&item);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 250));

  /* A search answers from a worker thread, in one change. */
  bottega_product_list_set_query (list, "como");
  g_assert_true (bottega_product_list_get_searching (list));
  while (bottega_product_list_get_searching (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (bottega_product_get_retailer_id (item), ==, "S042");
  g_clear_object (&item);

  /* A newer query wins over one still running. */
  bottega_product_list_set_query (list, "prodotto");
  bottega_product_list_set_query (list, "prodotto 24");
  while (bottega_product_list_get_searching (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);   /* 240…249 */

  bottega_product_list_set_query (list, "  ");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 250);

  /* The model follows the store. */
  g_ptr_array_set_size (products, 10);
  n_changes = 0;
  replace (f, products);
  while (n_changes == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
}

/* A refresh keeps the local id (and the cached image, while the image URL
 * stays) of a product that is still there, drops the ones that left. */
static void
test_store_replace_keeps (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) first = sample_products ();
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BottegaProduct) p1 = NULL;
  g_autoptr(BottegaProduct) p1_after = NULL;
  g_autoptr(BottegaProduct) p2_after = NULL;
  g_autoptr(BottegaProduct) p3_after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[2];
  const char *paths[2] = { "/cache/p1.png", "/cache/p2.png" };

  replace (f, first);
  p1 = bottega_store_find_product (f->store, account_id (f), "P1", &error);
  g_assert_no_error (error);
  {
    g_autoptr(BottegaProduct) p2 = bottega_store_find_product (f->store, account_id (f), "P2", &error);

    ids[0] = bottega_product_get_id (p1);
    ids[1] = bottega_product_get_id (p2);
  }
  g_assert_true (bottega_store_set_product_image_paths (f->store, account_id (f), ids, paths, 2, &error));
  g_assert_no_error (error);

  g_ptr_array_add (second, make_product ("P1", "Borsa in pelle blu", NULL, NULL, 17900,
                                         "https://shop.example/p1.png"));
  g_ptr_array_add (second, make_product ("P2", "Cintura intrecciata", NULL, NULL, 6500,
                                         "https://shop.example/p2-new.png"));
  g_ptr_array_add (second, make_product ("P5", "Guanti", NULL, NULL, 5900, NULL));
  g_ptr_array_add (second, make_product ("P5", "Guanti doppi", NULL, NULL, 1, NULL));   /* the first wins */
  replace (f, second);

  g_assert_cmpuint (bottega_store_count_products (f->store, account_id (f)), ==, 3);
  p1_after = bottega_store_find_product (f->store, account_id (f), "P1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (bottega_product_get_id (p1_after), ==, bottega_product_get_id (p1));
  g_assert_cmpint (bottega_product_get_price_minor (p1_after), ==, 17900);
  g_assert_cmpstr (bottega_product_get_image_path (p1_after), ==, "/cache/p1.png");
  g_assert_cmpstr (bottega_product_get_name (p1_after), ==, "Borsa in pelle blu");
  p2_after = bottega_store_find_product (f->store, account_id (f), "P2", &error);
  g_assert_null (bottega_product_get_image_path (p2_after));   /* new picture, not downloaded yet */
  p3_after = bottega_store_find_product (f->store, account_id (f), "P3", &error);
  g_assert_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_search (f, "lino", "");
  assert_search (f, "guanti", "P5");
  assert_search (f, "doppi", "");
  assert_search (f, "conciata", "");   /* the old description left the index */
}

typedef struct {
  guint n;
  guint fail_after;
} FailingCursor;

static BottegaProduct *
failing_next (gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  FailingCursor *cursor = user_data;
  g_autofree char *id = NULL;

  if (cursor->n >= cursor->fail_after)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the source broke down");
      return NULL;
    }
  id = g_strdup_printf ("N%u", cursor->n++);
  return make_product (id, "Nuovo prodotto", NULL, NULL, 100, NULL);
}

static void
test_store_failed_replace (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) products = sample_products ();
  g_autoptr(GPtrArray) invalid = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  FailingCursor cursor = { 0, 50 };

  replace (f, products);

  g_assert_false (bottega_store_replace_catalog (f->store, account_id (f), failing_next, &cursor, NULL,
                                                 NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (cursor.n, ==, 50);
  g_assert_cmpuint (bottega_store_count_products (f->store, account_id (f)), ==, 3);
  assert_search (f, "nuovo", "");
  assert_search (f, "lino", "P3");

  /* A product the store cannot take fails the whole catalog too. */
  g_ptr_array_add (invalid, make_product ("OK", "Fine", NULL, NULL, 100, NULL));
  g_ptr_array_add (invalid, make_product ("", "No id", NULL, NULL, 100, NULL));
  g_assert_false (bottega_store_replace_catalog_products (f->store, account_id (f), invalid, NULL, NULL, &error));
  g_assert_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FAILED);
  g_clear_error (&error);
  assert_search (f, "fine", "");

  /* So does cancelling. */
  g_cancellable_cancel (cancellable);
  g_assert_false (bottega_store_replace_catalog_products (f->store, account_id (f), invalid, NULL,
                                                          cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* And an account that is not there. */
  g_assert_false (bottega_store_replace_catalog_products (f->store, 999, products, NULL, NULL, &error));
  g_assert_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (bottega_store_count_products (f->store, account_id (f)), ==, 3);
}

static void
on_catalog_changed (BottegaStore *store,
                    gint64        changed_account_id,
                    gpointer      user_data)
{
  gint64 *seen = user_data;

  *seen = changed_account_id;
}

static void
test_store_signal_and_source (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) products = sample_products ();
  g_autoptr(BottegaCatalogSourceInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  BottegaCatalogSourceInfo graph = { BOTTEGA_CATALOG_KIND_GRAPH, (char *) "https://graph.facebook.com/v23.0",
                                     (char *) "111", NULL, 0, 0, NULL };
  gint64 seen = 0;

  g_signal_connect (f->store, "catalog-changed", G_CALLBACK (on_catalog_changed), &seen);
  replace (f, products);
  while (seen == 0 && g_main_context_iteration (NULL, TRUE))
    ;
  g_assert_cmpint (seen, ==, account_id (f));

  info = bottega_store_get_catalog_source (f->store, account_id (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->kind, ==, BOTTEGA_CATALOG_KIND_NONE);
  g_clear_pointer (&info, bottega_catalog_source_info_free);

  g_assert_true (bottega_store_set_catalog_source (f->store, account_id (f), &graph, &error));
  g_assert_true (bottega_store_set_catalog_refreshed (f->store, account_id (f), 1000, NULL, &error));
  g_assert_true (bottega_store_set_catalog_refreshed (f->store, account_id (f), 2000, "Boom", &error));
  g_assert_no_error (error);
  info = bottega_store_get_catalog_source (f->store, account_id (f), &error);
  g_assert_cmpint (info->kind, ==, BOTTEGA_CATALOG_KIND_GRAPH);
  g_assert_cmpstr (info->catalog_id, ==, "111");
  g_assert_cmpint (info->refreshed_at, ==, 1000);
  g_assert_cmpint (info->attempted_at, ==, 2000);
  g_assert_cmpstr (info->last_error, ==, "Boom");
  g_clear_pointer (&info, bottega_catalog_source_info_free);

  /* The same catalog at another address keeps its history… */
  graph.base_url = (char *) "https://graph.facebook.com/v24.0";
  g_assert_true (bottega_store_set_catalog_source (f->store, account_id (f), &graph, &error));
  info = bottega_store_get_catalog_source (f->store, account_id (f), &error);
  g_assert_cmpstr (info->base_url, ==, "https://graph.facebook.com/v24.0");
  g_assert_cmpint (info->refreshed_at, ==, 1000);
  g_clear_pointer (&info, bottega_catalog_source_info_free);

  /* …another catalog starts afresh. */
  graph.catalog_id = (char *) "222";
  g_assert_true (bottega_store_set_catalog_source (f->store, account_id (f), &graph, &error));
  info = bottega_store_get_catalog_source (f->store, account_id (f), &error);
  g_assert_cmpint (info->refreshed_at, ==, 0);
  g_assert_null (info->last_error);

  /* Deleting the account takes its catalog along. */
  g_assert_true (bottega_store_delete_account (f->store, account_id (f), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bottega_store_count_products (f->store, 0), ==, 0);
}

static void
exec_resource_sql (sqlite3    *db,
                   const char *name)
{
  g_autofree char *path = g_strconcat ("/io/github/bottega_chat/Bottega/store/migrations/", name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  bytes = g_resource_lookup_data (bottega_store_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A store of layout 2 (as the previous release left it, with data) opens
 * at this version's layout (3, the catalog, or later) with its data and a
 * working catalog. */
static void
test_store_migrate_2_to_3 (void)
{
  g_autofree char *home = test_home_new ();
  g_autofree char *path = g_build_filename (home, "old.db", NULL);
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) products = sample_products ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_resource_sql (db, "001-initial.sql");
  exec_resource_sql (db, "002-list-filters.sql");
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA user_version = 2;"
                                 "INSERT INTO accounts (id, url, remote_id, name) VALUES (7, 'https://chat.example', 3, 'Negozio');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = bottega_store_open (path, &error);
  g_assert_no_error (error);
  accounts = bottega_store_list_accounts (store, &error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (bottega_account_get_name (g_ptr_array_index (accounts, 0)), ==, "Negozio");

  g_assert_true (bottega_store_replace_catalog_products (store, 7, products, NULL, NULL, &error));
  g_assert_no_error (error);
  found = bottega_store_search_products (store, 7, "cintura", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  bottega_store_close (store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, BOTTEGA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (BOTTEGA_STORE_SCHEMA_VERSION, >=, 3);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_clear_object (&store);
  test_home_free (g_steal_pointer (&home));
}

/* ---- Meta's Graph catalog API, against the sandbox ---- */

static BottegaCatalogGraph *
sandbox_graph (Fixture    *f,
               const char *catalog_id,
               const char *token)
{
  g_autofree char *url = bottega_sandbox_dup_graph_url (f->sandbox);
  g_autoptr(GError) error = NULL;
  BottegaCatalogGraph *graph;

  graph = bottega_catalog_graph_new (url, catalog_id, token, &error);
  g_assert_no_error (error);
  return graph;
}

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BottegaCatalogImport **import = user_data;
  g_autoptr(GError) error = NULL;

  *import = bottega_catalog_source_fetch_finish (BOTTEGA_CATALOG_SOURCE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_graph_paging (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(BottegaCatalogGraph) graph = NULL;
  g_autoptr(BottegaCatalogImport) import = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint size, n_out_of_stock = 0, n_sale = 0;
  BottegaProduct *p;

  start_sandbox (f);
  size = bottega_sandbox_get_catalog_size (f->sandbox);
  g_assert_cmpuint (size, >=, 60);

  graph = sandbox_graph (f, BOTTEGA_SANDBOX_CATALOG_ID, BOTTEGA_SANDBOX_CATALOG_TOKEN);
  bottega_catalog_graph_set_page_size (graph, 25);

  /* From the main thread: the fetch and its parsing run in a worker. */
  bottega_catalog_source_fetch_async (BOTTEGA_CATALOG_SOURCE (graph), NULL, fetch_done, &import);
  while (import == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (import->products->len, ==, size);
  g_assert_cmpuint (import->n_skipped, ==, 0);
  g_assert_cmpuint (bottega_sandbox_get_catalog_request_count (f->sandbox), ==, (size + 24) / 25);

  for (guint i = 0; i < import->products->len; i++)
    {
      p = g_ptr_array_index (import->products, i);
      g_assert_true (g_hash_table_add (ids, (gpointer) bottega_product_get_retailer_id (p)));
      g_assert_cmpstr (bottega_product_get_currency (p), ==, "EUR");
      g_assert_cmpint (bottega_product_get_price_minor (p), >, 0);
      g_assert_true (g_str_has_prefix (bottega_product_get_image_url (p), bottega_sandbox_get_url (f->sandbox)));
      g_assert_nonnull (bottega_product_get_description (p));
      if (bottega_product_get_availability (p) == BOTTEGA_AVAILABILITY_OUT_OF_STOCK)
        n_out_of_stock++;
      if (bottega_product_is_on_sale (p))
        n_sale++;
    }
  g_assert_cmpuint (n_out_of_stock, >=, 2);
  g_assert_cmpuint (n_sale, >=, 2);

  p = find_in (import->products, "BM-DUOMO-COG");
  g_assert_nonnull (p);
  g_assert_cmpint (bottega_product_get_price_minor (p), ==, 18900);
  g_assert_cmpstr (bottega_product_get_brand (p), ==, "Bottega Marchetti");
  p = find_in (import->products, "BM-OLTRARNO-OLI");
  g_assert_cmpint (bottega_product_get_sale_price_minor (p), ==, 19500);
  p = find_in (import->products, "BM-CHIANTI-MAR");
  g_assert_cmpint (bottega_product_get_availability (p), ==, BOTTEGA_AVAILABILITY_PREORDER);
}

static void
assert_graph_error (Fixture    *f,
                    const char *catalog_id,
                    const char *token,
                    int         code,
                    const char *message_start)
{
  g_autoptr(BottegaCatalogGraph) graph = sandbox_graph (f, catalog_id, token);
  g_autoptr(BottegaCatalogImport) import = NULL;
  g_autoptr(GError) error = NULL;

  bottega_catalog_graph_set_page_size (graph, 25);
  import = bottega_catalog_source_fetch (BOTTEGA_CATALOG_SOURCE (graph), NULL, &error);
  g_assert_null (import);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, message_start));
}

static void
test_graph_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(BottegaCatalogGraph) graph = NULL;
  g_autoptr(BottegaCatalogImport) import = NULL;
  g_autoptr(GError) error = NULL;

  start_sandbox (f);

  /* The server's own message, from the Graph error body. */
  assert_graph_error (f, BOTTEGA_SANDBOX_CATALOG_ID, "EAAwrong", BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED,
                      "Invalid OAuth access token - Cannot parse access token");
  assert_graph_error (f, "123456", BOTTEGA_SANDBOX_CATALOG_ID "x", BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED,
                      "Invalid OAuth access token");
  assert_graph_error (f, "123456", BOTTEGA_SANDBOX_CATALOG_TOKEN, BOTTEGA_PROVIDER_ERROR_INVALID,
                      "Unsupported get request. Object with ID '123456' does not exist");

  /* A failure on the second page fails the whole fetch. */
  bottega_sandbox_catalog_fail (f->sandbox, 1, 1, 100);
  assert_graph_error (f, BOTTEGA_SANDBOX_CATALOG_ID, BOTTEGA_SANDBOX_CATALOG_TOKEN, BOTTEGA_PROVIDER_ERROR_INVALID,
                      "(#100) The sandbox was asked to fail this request");
  bottega_sandbox_catalog_fail (f->sandbox, 0, 1, 190);
  assert_graph_error (f, BOTTEGA_SANDBOX_CATALOG_ID, BOTTEGA_SANDBOX_CATALOG_TOKEN,
                      BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED, "Error validating access token");
  bottega_sandbox_catalog_fail (f->sandbox, 0, 1, 2);
  assert_graph_error (f, BOTTEGA_SANDBOX_CATALOG_ID, BOTTEGA_SANDBOX_CATALOG_TOKEN,
                      BOTTEGA_PROVIDER_ERROR_SERVER, "An unexpected error has occurred");
  bottega_sandbox_catalog_fail (f->sandbox, 0, 1, 4);
  assert_graph_error (f, BOTTEGA_SANDBOX_CATALOG_ID, BOTTEGA_SANDBOX_CATALOG_TOKEN,
                      BOTTEGA_PROVIDER_ERROR_RATE_LIMITED, "(#4) Application request limit reached");

  /* The page bound. */
  graph = sandbox_graph (f, BOTTEGA_SANDBOX_CATALOG_ID, BOTTEGA_SANDBOX_CATALOG_TOKEN);
  bottega_catalog_graph_set_page_size (graph, 10);
  bottega_catalog_graph_set_max_pages (graph, 2);
  import = bottega_catalog_source_fetch (BOTTEGA_CATALOG_SOURCE (graph), NULL, &error);
  g_assert_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_clear_object (&graph);

  /* Only https, except on this computer. */
  graph = bottega_catalog_graph_new ("http://graph.example.com/v23.0", "1", "t", &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL);
  g_assert_null (graph);
  g_clear_error (&error);
  graph = bottega_catalog_graph_new (NULL, "1", "t", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bottega_catalog_graph_get_base_url (graph), ==, "https://graph.facebook.com/v23.0");

  /* The app's demo constants are the sandbox's. */
  g_assert_cmpstr (BOTTEGA_CATALOG_GRAPH_DEMO_CATALOG_ID, ==, BOTTEGA_SANDBOX_CATALOG_ID);
  g_assert_cmpstr (BOTTEGA_CATALOG_GRAPH_DEMO_TOKEN, ==, BOTTEGA_SANDBOX_CATALOG_TOKEN);
}

/* ---- catalog sync ---- */

static void
test_sync_import_file (Fixture       *f,
                       gconstpointer  data)
{
  static const char good[] =
    "id,title,price,availability\n"
    "A1,Borsa Duomo,189.00 EUR,in stock\n"
    "A2,Cintura,bad,in stock\n"
    "A3,Portafoglio,79.00 EUR,out of stock\n";
  g_autofree char *good_path = write_file (f->dir, "good.csv", good, -1);
  g_autofree char *bad_path = write_file (f->dir, "bad.csv", "id,title,price\nX,,1 EUR\nY,Y,no\n", -1);
  g_autofree char *columns_path = write_file (f->dir, "columns.csv", "id,title\nX,Y\n", -1);
  g_autofree char *missing_path = g_build_filename (f->dir, "missing.csv", NULL);
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(BottegaCatalogSourceInfo) source = NULL;
  g_autoptr(GError) error = NULL;
  const BottegaCatalogSkip *skip;

  report = bottega_catalog_sync_import_file (f->store, account_id (f), good_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_products, ==, 2);
  g_assert_cmpuint (report->n_skipped, ==, 1);
  skip = g_ptr_array_index (report->skipped, 0);
  g_assert_cmpuint (skip->line, ==, 3);
  g_assert_cmpstr (skip->retailer_id, ==, "A2");

  source = bottega_store_get_catalog_source (f->store, account_id (f), &error);
  g_assert_cmpint (source->kind, ==, BOTTEGA_CATALOG_KIND_FEED);
  g_assert_cmpstr (source->feed_path, ==, good_path);
  g_assert_cmpint (source->refreshed_at, >, 0);
  g_clear_pointer (&source, bottega_catalog_source_info_free);

  /* Refused files leave the catalog (and its source) as they were. */
  g_clear_pointer (&report, bottega_catalog_report_free);
  report = bottega_catalog_sync_import_file (f->store, account_id (f), bad_path, NULL, &error);
  g_assert_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_EMPTY);
  g_clear_error (&error);
  report = bottega_catalog_sync_import_file (f->store, account_id (f), columns_path, NULL, &error);
  g_assert_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_INVALID);
  g_clear_error (&error);
  report = bottega_catalog_sync_import_file (f->store, account_id (f), missing_path, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (bottega_store_count_products (f->store, account_id (f)), ==, 2);
  assert_search (f, "duomo", "A1");
  source = bottega_store_get_catalog_source (f->store, account_id (f), &error);
  g_assert_cmpstr (source->feed_path, ==, good_path);

  /* The file is the source: a refresh reads it again. */
  g_clear_pointer (&report, bottega_catalog_report_free);
  g_assert_true (g_file_set_contents (good_path, "id,title,price\nA9,Zaino,265.00 EUR\n", -1, NULL));
  report = bottega_catalog_sync_refresh (f->store, f->account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_products, ==, 1);
  assert_search (f, "zaino", "A9");
}

/* A feed of 100,000 lines streams into one transaction (the benchmark
 * times it; this only says that it imports, whole). */
static void
test_sync_import_100k (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GString) feed = g_string_new ("id,title,description,availability,price,sale_price,link,brand\n");
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (feed, "SKU-%06u,Articolo %u in pelle,\"Descrizione, su due\nrighe\",in stock,"
                                  "%u.%02u EUR,,https://shop.example/p/%u,Marca %u\n",
                            i, i, 1 + i % 900, i % 100, i, i % 40);
  path = write_file (f->dir, "100k.csv", feed->str, feed->len);

  report = bottega_catalog_sync_import_file (f->store, account_id (f), path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_products, ==, 100000);
  g_assert_cmpuint (report->n_skipped, ==, 0);
  g_assert_cmpuint (bottega_store_count_products (f->store, account_id (f)), ==, 100000);

  found = bottega_store_search_products (f->store, account_id (f), "SKU-099999", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (bottega_product_get_price_minor (g_ptr_array_index (found, 0)), ==, 10099);
}

static gboolean
is_png_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  return g_file_get_contents (path, &contents, &len, NULL) && len > 8 &&
         memcmp (contents, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static void
assert_images_cached (Fixture *f,
                      guint    expected)
{
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = bottega_catalog_sync_get_image_dir (account_id (f));
  guint n = 0;

  products = bottega_store_list_products (f->store, account_id (f), 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < products->len; i++)
    {
      const char *path = bottega_product_get_image_path (g_ptr_array_index (products, i));

      if (path == NULL)
        continue;
      g_assert_true (g_str_has_prefix (path, dir));
      g_assert_true (is_png_file (path));
      n++;
    }
  g_assert_cmpuint (n, ==, expected);
}

/* The demo account's catalog is the sandbox's, without any setup. */
static void
test_sync_refresh_demo (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(BottegaCatalogSourceInfo) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *graph_url = NULL;
  guint size;

  start_sandbox (f);
  size = bottega_sandbox_get_catalog_size (f->sandbox);
  bottega_account_set_url (f->account, bottega_sandbox_get_url (f->sandbox));
  bottega_account_set_is_demo (f->account, TRUE);
  g_assert_true (bottega_store_save_account (f->store, f->account, &error));

  report = bottega_catalog_sync_refresh (f->store, f->account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_products, ==, size);
  g_assert_cmpuint (report->n_images, ==, size);
  g_assert_cmpuint (report->n_image_errors, ==, 0);
  assert_images_cached (f, size);
  assert_search (f, "duomo cognac", "BM-DUOMO-COG");

  graph_url = bottega_sandbox_dup_graph_url (f->sandbox);
  source = bottega_store_get_catalog_source (f->store, account_id (f), &error);
  g_assert_cmpint (source->kind, ==, BOTTEGA_CATALOG_KIND_GRAPH);
  g_assert_cmpstr (source->base_url, ==, graph_url);
  g_assert_cmpstr (source->catalog_id, ==, BOTTEGA_SANDBOX_CATALOG_ID);
  g_assert_cmpint (source->refreshed_at, >, 0);
  g_assert_null (source->last_error);
  g_clear_pointer (&source, bottega_catalog_source_info_free);

  /* Again: nothing new to download. */
  g_clear_pointer (&report, bottega_catalog_report_free);
  report = bottega_catalog_sync_refresh (f->store, f->account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_images, ==, 0);
  assert_images_cached (f, size);

  /* A failing server leaves the catalog and its images, and says why. */
  g_clear_pointer (&report, bottega_catalog_report_free);
  bottega_sandbox_catalog_fail (f->sandbox, 0, 1, 2);
  report = bottega_catalog_sync_refresh (f->store, f->account, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_SERVER);
  g_clear_error (&error);
  g_assert_cmpuint (bottega_store_count_products (f->store, account_id (f)), ==, size);
  assert_images_cached (f, size);
  source = bottega_store_get_catalog_source (f->store, account_id (f), &error);
  g_assert_true (g_str_has_prefix (source->last_error, "An unexpected error has occurred"));
  g_assert_cmpint (source->attempted_at, >=, source->refreshed_at);
}

/* Another account reads the catalog with its token from the keyring. */
static void
test_sync_refresh_graph_token (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *graph_url = NULL;
  g_autofree char *stored = NULL;

  start_sandbox (f);
  graph_url = bottega_sandbox_dup_graph_url (f->sandbox);

  report = bottega_catalog_sync_refresh (f->store, f->account, NULL, &error);
  g_assert_error (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (bottega_catalog_sync_set_graph_source (f->store, account_id (f), graph_url,
                                                        BOTTEGA_SANDBOX_CATALOG_ID, NULL, NULL, &error));
  report = bottega_catalog_sync_refresh (f->store, f->account, NULL, &error);
  g_assert_error (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_NO_TOKEN);
  g_clear_error (&error);

  g_assert_true (bottega_catalog_sync_set_graph_source (f->store, account_id (f), graph_url,
                                                        BOTTEGA_SANDBOX_CATALOG_ID,
                                                        BOTTEGA_SANDBOX_CATALOG_TOKEN, NULL, &error));
  stored = bottega_secret_lookup_catalog_token (graph_url, BOTTEGA_SANDBOX_CATALOG_ID, NULL, &error);
  g_assert_cmpstr (stored, ==, BOTTEGA_SANDBOX_CATALOG_TOKEN);
  report = bottega_catalog_sync_refresh (f->store, f->account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_products, ==, bottega_sandbox_get_catalog_size (f->sandbox));
  g_clear_pointer (&report, bottega_catalog_report_free);

  /* A token the server refuses: the catalog stays. */
  g_assert_true (bottega_catalog_sync_set_graph_source (f->store, account_id (f), graph_url,
                                                        BOTTEGA_SANDBOX_CATALOG_ID, "EAArevoked", NULL, &error));
  report = bottega_catalog_sync_refresh (f->store, f->account, NULL, &error);
  g_assert_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (bottega_store_count_products (f->store, account_id (f)), ==,
                    bottega_sandbox_get_catalog_size (f->sandbox));
}

/* ---- image downloads against a server of the test's own ---- */

#define IMAGE_CHUNK (256 * 1024)

typedef struct {
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;
  GMutex        lock;
  GCond         cond;
} ImageServer;

static void
image_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{

  if (g_str_equal (path, "/ok.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, PNG_HEAD "rest", 12);
    }
  else if (g_str_equal (path, "/moved"))
    {
      soup_server_message_set_redirect (msg, 302, "/ok.png");
    }
  else if (g_str_equal (path, "/away"))
    {
      soup_server_message_set_redirect (msg, 302, "http://images.example.com/x.png");
    }
  else if (g_str_equal (path, "/big.png"))
    {
      gsize size = BOTTEGA_CATALOG_IMAGE_MAX_SIZE + 1024;
      char *data = g_malloc0 (size);

      memcpy (data, PNG_HEAD, 8);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_TAKE, data, size);
    }
  else if (g_str_equal (path, "/chunked.png") || g_str_equal (path, "/chunked-big.png") ||
           g_str_equal (path, "/no-length-big.png"))
    {
      /* No Content-Length: the size is known only by reading. */
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
      SoupMessageBody *body = soup_server_message_get_response_body (msg);
      gsize size = g_str_equal (path, "/chunked.png") ? 3 * IMAGE_CHUNK
                                                      : BOTTEGA_CATALOG_IMAGE_MAX_SIZE + IMAGE_CHUNK;

      soup_message_headers_set_encoding (headers, g_str_equal (path, "/no-length-big.png") ? SOUP_ENCODING_EOF
                                                                                           : SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, "image/png", NULL);
      for (gsize sent = 0; sent < size; sent += IMAGE_CHUNK)
        {
          char *data = g_malloc0 (IMAGE_CHUNK);

          if (sent == 0)
            memcpy (data, PNG_HEAD, 8);
          soup_message_body_append (body, SOUP_MEMORY_TAKE, data, IMAGE_CHUNK);
        }
      soup_message_body_complete (body);
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/page.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html></html>", 13);
    }
  else if (g_str_equal (path, "/fake.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, "GIF89a not a png", 16);
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static gpointer
image_server_thread (gpointer data)
{
  ImageServer *s = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (s->context);
  s->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (s->server, NULL, image_handler, s, NULL);
  soup_server_listen_local (s->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (s->server);
  g_mutex_lock (&s->lock);
  s->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&s->cond);
  g_mutex_unlock (&s->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (s->loop);
  soup_server_disconnect (s->server);
  g_clear_object (&s->server);
  g_main_context_pop_thread_default (s->context);
  return NULL;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
image_server_start (ImageServer *s)
{
  g_mutex_init (&s->lock);
  g_cond_init (&s->cond);
  s->context = g_main_context_new ();
  s->loop = g_main_loop_new (s->context, FALSE);
  g_mutex_lock (&s->lock);
  s->thread = g_thread_new ("image-server", image_server_thread, s);
  while (s->url == NULL)
    g_cond_wait (&s->cond, &s->lock);
  g_mutex_unlock (&s->lock);
}

static void
image_server_stop (ImageServer *s)
{
  g_main_context_invoke (s->context, quit_loop, s->loop);
  g_thread_join (s->thread);
  g_main_loop_unref (s->loop);
  g_main_context_unref (s->context);
  g_free (s->url);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->cond);
}

/* Imports a feed of one product for each of @files on @s, fetches their
 * images and returns how many were stored; @failed, how many were not. */
static guint
fetch_images_from (Fixture            *f,
                   ImageServer        *s,
                   const char * const *files,
                   guint               n_files,
                   guint              *failed)
{
  g_autoptr(GString) feed = g_string_new ("id,title,price,image_link\n");
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint stored;

  for (guint i = 0; i < n_files; i++)
    g_string_append_printf (feed, "I%u,Item %u,1.00 EUR,%s/%s\n", i, i, s->url, files[i]);
  path = write_file (f->dir, "images.csv", feed->str, -1);
  report = bottega_catalog_sync_import_file (f->store, account_id (f), path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_products, ==, n_files);

  stored = bottega_catalog_sync_fetch_images (f->store, account_id (f), 0, failed, NULL, &error);
  g_assert_no_error (error);
  return stored;
}

/* The files in the account's image folder, hidden ones included. */
static guint
count_cached_images (Fixture *f)
{
  g_autofree char *dir = bottega_catalog_sync_get_image_dir (account_id (f));
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static void
test_sync_image_bounds (Fixture       *f,
                        gconstpointer  data)
{
  ImageServer s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GRegex) name = g_regex_new ("^[0-9]+-[0-9a-f]{16}\\.png$", 0, 0, NULL);
  const char * const files[] = { "ok.png", "moved", "away", "big.png", "page.png", "fake.png", "gone.png" };
  guint failed = 0, stored;

  image_server_start (&s);
  stored = fetch_images_from (f, &s, files, G_N_ELEMENTS (files), &failed);
  g_assert_cmpuint (stored, ==, 2);    /* ok.png, and through the redirect */
  g_assert_cmpuint (failed, ==, G_N_ELEMENTS (files) - 2);

  dir = bottega_catalog_sync_get_image_dir (account_id (f));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *id = g_strdup_printf ("I%u", i);
      g_autoptr(BottegaProduct) product = bottega_store_find_product (f->store, account_id (f), id, &error);
      const char *image = bottega_product_get_image_path (product);

      g_assert_no_error (error);
      g_test_message ("%s → %s", files[i], image);
      if (i < 2)
        {
          g_autofree char *base = g_path_get_basename (image);
          g_autofree char *parent = g_path_get_dirname (image);

          g_assert_cmpstr (parent, ==, dir);
          g_assert_true (g_regex_match (name, base, 0, NULL));
        }
      else
        g_assert_null (image);
    }

  /* Nothing half-downloaded is left behind. */
  g_assert_cmpuint (count_cached_images (f), ==, 2);

  image_server_stop (&s);
}

/* A server that does not say how large a picture is (chunked, or until it
 * closes the connection): the 8 MB bound holds while the bytes arrive. A
 * small picture sent the same way is kept, so what is refused is the
 * size, not the way it came. */
static void
test_sync_image_streaming (Fixture       *f,
                           gconstpointer  data)
{
  ImageServer s = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  const char * const files[] = { "chunked.png", "chunked-big.png", "no-length-big.png" };
  const SoupEncoding encodings[] = { SOUP_ENCODING_CHUNKED, SOUP_ENCODING_CHUNKED, SOUP_ENCODING_EOF };
  guint failed = 0, stored;

  image_server_start (&s);

  /* The server really sends them without a length. */
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/%s", s.url, files[i]);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);
      SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      g_assert_cmpint (soup_message_headers_get_encoding (headers), ==, encodings[i]);
      g_assert_cmpint (soup_message_headers_get_content_length (headers), ==, 0);
      g_assert_cmpuint (g_bytes_get_size (body), >, i == 0 ? 0 : BOTTEGA_CATALOG_IMAGE_MAX_SIZE);
    }

  stored = fetch_images_from (f, &s, files, G_N_ELEMENTS (files), &failed);
  g_assert_cmpuint (stored, ==, 1);
  g_assert_cmpuint (failed, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *id = g_strdup_printf ("I%u", i);
      g_autoptr(BottegaProduct) product = bottega_store_find_product (f->store, account_id (f), id, &error);

      g_assert_no_error (error);
      g_test_message ("%s → %s", files[i], bottega_product_get_image_path (product));
      if (i == 0)
        g_assert_nonnull (bottega_product_get_image_path (product));
      else
        g_assert_null (bottega_product_get_image_path (product));
    }

  /* Only the small one is cached: no part of the others, not even a
   * temporary file. */
  g_assert_cmpuint (count_cached_images (f), ==, 1);

  image_server_stop (&s);
}

/* The running app: after the demo shop's first sync its catalog is there,
 * images included, without the user doing anything. */
static void
test_sync_engine_demo (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(BottegaAccount) demo = NULL;
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(BottegaSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  guint size;

  start_sandbox (f);
  size = bottega_sandbox_get_catalog_size (f->sandbox);
  demo = bottega_account_setup_full (f->store, bottega_sandbox_get_url (f->sandbox),
                                     bottega_sandbox_get_token (f->sandbox), 0, TRUE, FALSE, NULL, &error);
  g_assert_no_error (error);
  client = bottega_chatwoot_client_new (bottega_sandbox_get_url (f->sandbox), bottega_sandbox_get_token (f->sandbox),
                                        bottega_account_get_remote_id (demo), bottega_account_get_id (demo), &error);
  g_assert_no_error (error);
  engine = bottega_sync_engine_new (f->store, demo, client);
  bottega_sync_engine_start (engine, 60);

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GPtrArray) missing = NULL;

      g_main_context_iteration (NULL, FALSE);
      if (bottega_store_count_products (f->store, bottega_account_get_id (demo)) == size &&
          (missing = bottega_store_list_products_without_image (f->store, bottega_account_get_id (demo), 0, NULL)) != NULL &&
          missing->len == 0)
        break;
      g_usleep (20000);
    }
  g_assert_cmpuint (bottega_store_count_products (f->store, bottega_account_get_id (demo)), ==, size);
  {
    g_autoptr(GPtrArray) missing = bottega_store_list_products_without_image (f->store, bottega_account_get_id (demo),
                                                                              0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (missing->len, ==, 0);
  }

  bottega_sync_engine_stop (engine);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/price/parse", test_price_parse);
  g_test_add_func ("/catalog/price/parse-display", test_price_parse_display);
  g_test_add_func ("/catalog/price/format", test_price_format);
  g_test_add_func ("/catalog/price/format-user-locale", test_price_format_user_locale);
  g_test_add_func ("/catalog/product/availability", test_availability);
  g_test_add_func ("/catalog/product/snippet", test_product_snippet);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/catalog/feed/good", test_feed_good);
  ADD ("/catalog/feed/bom-tab-aliases", test_feed_bom_tab_aliases);
  ADD ("/catalog/feed/bad-lines", test_feed_bad_lines);
  ADD ("/catalog/feed/refused", test_feed_refused);
  ADD ("/catalog/feed/bounds", test_feed_bounds);

  ADD ("/catalog/store/search", test_store_search);
  ADD ("/catalog/store/query-async", test_store_query_async);
  ADD ("/catalog/store/product-list", test_store_product_list);
  ADD ("/catalog/store/replace-keeps", test_store_replace_keeps);
  ADD ("/catalog/store/failed-replace", test_store_failed_replace);
  ADD ("/catalog/store/signal-and-source", test_store_signal_and_source);
  g_test_add_func ("/catalog/store/migrate-2-to-3", test_store_migrate_2_to_3);

  ADD ("/catalog/graph/paging", test_graph_paging);
  ADD ("/catalog/graph/errors", test_graph_errors);

  ADD ("/catalog/sync/import-file", test_sync_import_file);
  ADD ("/catalog/sync/import-100k", test_sync_import_100k);
  ADD ("/catalog/sync/refresh-demo", test_sync_refresh_demo);
  ADD ("/catalog/sync/refresh-graph-token", test_sync_refresh_graph_token);
  ADD ("/catalog/sync/image-bounds", test_sync_image_bounds);
  ADD ("/catalog/sync/image-streaming", test_sync_image_streaming);
  ADD ("/catalog/sync/engine-demo", test_sync_engine_demo);
#undef ADD

  return g_test_run ();
}
