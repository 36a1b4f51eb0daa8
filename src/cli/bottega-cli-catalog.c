/* bottega-cli-catalog.c: bottegactl catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "bottega-catalog-sync.h"
#include "bottega-cli-catalog.h"
#include "bottega-store.h"

typedef struct {
  char   *data_dir;
  gint64  account_id;
  int     limit;
} Options;

static void G_GNUC_PRINTF (1, 2)
fail (const char *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line: scripts read the first line of stderr. */
  g_strdelimit (text, "\r\n", ' ');
  fprintf (stderr, "bottegactl: %s\n", text);
}

/* Shop text on a terminal: no control characters, one line. */
static char *
printable (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (out, ' ');
      else if (!g_unichar_iscntrl (c) && g_unichar_type (c) != G_UNICODE_FORMAT)
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static BottegaStore *
open_store (const Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = bottega_store_default_path (options->data_dir);
  BottegaStore *store;

  store = bottega_store_open (path, &error);
  if (store == NULL)
    fail (_("Cannot open the store %s: %s"), path, error->message);
  return store;
}

/* --account ID, or the only account. */
static BottegaAccount *
pick_account (BottegaStore *store,
              gint64        account_id)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = bottega_store_list_accounts (store, &error);
  if (accounts == NULL)
    {
      fail (_("Cannot read the accounts: %s"), error->message);
      return NULL;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      BottegaAccount *account = g_ptr_array_index (accounts, i);

      if (account_id == 0 ? accounts->len == 1 : bottega_account_get_id (account) == account_id)
        return g_object_ref (account);
    }

  if (accounts->len == 0)
    fail (_("No account is set up; use “bottegactl account add” first"));
  else if (account_id == 0)
    fail (_("There are several accounts; choose one with --account (see “bottegactl account list”)"));
  else
    fail (_("There is no account %lld"), (long long) account_id);
  return NULL;
}

static void
print_skipped (const BottegaCatalogReport *report)
{
  for (guint i = 0; i < report->skipped->len; i++)
    {
      const BottegaCatalogSkip *skip = g_ptr_array_index (report->skipped, i);
      g_autofree char *reason = printable (skip->reason);

      /* Translators: %u is a line number of the file, %s why it was skipped */
      fprintf (stderr, _("line %u: %s"), skip->line, reason);
      fputc ('\n', stderr);
    }

  if (report->n_skipped > report->skipped->len)
    {
      guint more = report->n_skipped - report->skipped->len;

      fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "… and %u more line skipped",
                                    "… and %u more lines skipped", more), more);
      fputc ('\n', stderr);
    }
}

static int
cmd_import (const Options  *options,
            int             argc,
            char          **argv)
{
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(BottegaAccount) account = NULL;
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *imported = NULL;

  if (argc != 3)
    {
      fail (_("Usage: bottegactl catalog import FILE [--account ID]"));
      return 2;
    }
  if (!(store = open_store (options)) || !(account = pick_account (store, options->account_id)))
    return 1;

  report = bottega_catalog_sync_import_file (store, bottega_account_get_id (account), argv[2], NULL, &error);
  if (report == NULL)
    {
      /* Translators: the first %s is a file name, the second the reason */
      fail (_("Cannot import %s: %s"), argv[2], error->message);
      bottega_store_close (store);
      return 1;
    }

  imported = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u product", "Imported %u products",
                                           report->n_products),
                              report->n_products);
  if (report->n_skipped > 0)
    /* Translators: %s is "Imported 12 products", then how many lines were skipped */
    printf (g_dngettext (GETTEXT_PACKAGE, "%s; %u line skipped", "%s; %u lines skipped", report->n_skipped),
            imported, report->n_skipped);
  else
    fputs (imported, stdout);
  putchar ('\n');
  print_skipped (report);

  bottega_store_close (store);
  return 0;
}

static int
cmd_search (const Options  *options,
            int             argc,
            char          **argv)
{
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(BottegaAccount) account = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;

  if (argc < 3)
    {
      fail (_("Usage: bottegactl catalog search QUERY [--account ID] [--limit N]"));
      return 2;
    }
  query = g_strjoinv (" ", argv + 2);
  if (!(store = open_store (options)))
    return 1;
  /* Every account's products unless one is chosen. */
  if (options->account_id != 0 && !(account = pick_account (store, options->account_id)))
    return 1;

  products = bottega_store_search_products (store, options->account_id, query,
                                            CLAMP (options->limit, 1, 10000), &error);
  if (products == NULL)
    {
      fail (_("Search failed: %s"), error->message);
      return 1;
    }

  for (guint i = 0; i < products->len; i++)
    {
      BottegaProduct *product = g_ptr_array_index (products, i);
      g_autofree char *id = printable (bottega_product_get_retailer_id (product));
      g_autofree char *name = printable (bottega_product_get_name (product));
      g_autofree char *price = bottega_product_format_price (product, NULL);

      printf ("%s\t%s\t%s\t%s\n", id, name, price,
              bottega_availability_to_string (bottega_product_get_availability (product)));
    }
  if (products->len == 0)
    fprintf (stderr, "%s\n", _("No products match."));
  return 0;
}

static int
cmd_refresh (const Options  *options,
             int             argc,
             char          **argv)
{
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(BottegaAccount) account = NULL;
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *products = NULL;

  if (argc != 2)
    {
      fail (_("Usage: bottegactl catalog refresh [--account ID]"));
      return 2;
    }
  if (!(store = open_store (options)) || !(account = pick_account (store, options->account_id)))
    return 1;

  report = bottega_catalog_sync_refresh (store, account, NULL, &error);
  if (report == NULL)
    {
      fail (_("Cannot update the catalog: %s"), error->message);
      bottega_store_close (store);
      return 1;
    }

  products = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product", "%u products", report->n_products),
                              report->n_products);
  /* Translators: %s is "12 products", then how many product pictures were downloaded */
  printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u new image", "%s, %u new images", report->n_images),
          products, report->n_images);
  putchar ('\n');
  print_skipped (report);

  bottega_store_close (store);
  return 0;
}

int
bottega_cli_catalog_run (int    argc,
                         char **argv)
{
  Options options = { NULL, 0, 50 };
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &options.data_dir,
      N_("Where the store lives (default: the user's data folder)"), N_("DIR") },
    { "account", 0, 0, G_OPTION_ARG_INT64, &options.account_id,
      N_("The account (default: the only one)"), N_("ID") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &options.limit, N_("At most this many results (default 50)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("import FILE | search QUERY | refresh"));
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Imports a product feed (CSV or TSV) into an account's catalog, "
                                  "searches the catalog, or updates it from its source."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail ("%s", error->message);
      g_free (options.data_dir);
      return 2;
    }

  if (argc >= 2 && g_str_equal (argv[1], "import"))
    status = cmd_import (&options, argc, argv);
  else if (argc >= 2 && g_str_equal (argv[1], "search"))
    status = cmd_search (&options, argc, argv);
  else if (argc >= 2 && g_str_equal (argv[1], "refresh"))
    status = cmd_refresh (&options, argc, argv);
  else
    {
      fail (_("Usage: bottegactl catalog import FILE | catalog search QUERY | catalog refresh"));
      status = 2;
    }

  g_free (options.data_dir);
  return status;
}
