/* test-cli-catalog.c: bottegactl catalog, as a shop's script runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "bottega-store.h"
#include "bottega-test-helpers.h"

#define NBSP "\xc2\xa0"

typedef struct {
  char *home;
  char *data_dir;
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* Runs bottegactl --data-dir DIR @args… with LC_ALL=@locale. */
static Result
run (Fixture    *f,
     const char *locale,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0, };
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("BOTTEGACTL"));
  g_assert_nonnull (argv->pdata[0]);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, f->data_dir);
  va_start (args, locale);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &r.out, &r.err, &error);
  g_assert_no_error (error);
  r.status = g_subprocess_get_exit_status (process);
  g_test_message ("status %d\nstdout: %s\nstderr: %s", r.status, r.out, r.err);
  return r;
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (f->home, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
add_account (Fixture    *f,
             const char *url)
{
  g_autofree char *path = bottega_store_default_path (f->data_dir);
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(BottegaAccount) account = bottega_account_new ();
  g_autoptr(GError) error = NULL;

  store = bottega_store_open (path, &error);
  g_assert_no_error (error);
  bottega_account_set_url (account, url);
  bottega_account_set_remote_id (account, 1);
  bottega_account_set_name (account, "Bottega Marchetti");
  g_assert_true (bottega_store_save_account (store, account, &error));
  bottega_store_close (store);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->home = test_home_new ();
  f->data_dir = g_build_filename (f->home, "cli", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->data_dir);
  test_home_free (f->home);
}

static const char good_feed[] =
  "id,title,description,availability,price,brand\n"
  "BM-DUOMO-COG,Borsa a tracolla Duomo,\"Pelle conciata al vegetale,\n"
  "cucita a mano\",in stock,189.00 EUR,Bottega Marchetti\n"
  "BM-INTRECCIO-MAR,Cintura intrecciata,Cuoio,out of stock,65.00 EUR,Cuoio di Toscana\n"
  "BM-LINO-AZZ,Camicia di lino,Lino lavato,in stock,89.90 EUR,Lino Fiorentino\n";

static void
test_import_and_search (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *feed = write_file (f, "feed.csv", good_feed);
  g_auto(Result) import = { 0, };
  g_auto(Result) search = { 0, };
  g_auto(Result) italian = { 0, };
  g_auto(Result) none = { 0, };

  add_account (f, "https://chat.example");

  import = run (f, "C", "catalog", "import", feed, NULL);
  g_assert_cmpint (import.status, ==, 0);
  g_assert_cmpstr (import.out, ==, "Imported 3 products\n");
  g_assert_cmpstr (import.err, ==, "");

  search = run (f, "C", "catalog", "search", "cintura", NULL);
  g_assert_cmpint (search.status, ==, 0);
  g_assert_cmpstr (search.out, ==, "BM-INTRECCIO-MAR\tCintura intrecciata\t65.00 EUR\tout of stock\n");

  /* Prices in the user's locale, installed or not; accents and prefixes. */
  italian = run (f, "it_IT.UTF-8", "catalog", "search", "bors", "pèlle", NULL);
  g_assert_cmpint (italian.status, ==, 0);
  g_assert_cmpstr (italian.out, ==, "BM-DUOMO-COG\tBorsa a tracolla Duomo\t189,00" NBSP "€\tin stock\n");

  none = run (f, "C", "catalog", "search", "zaino", NULL);
  g_assert_cmpint (none.status, ==, 0);
  g_assert_cmpstr (none.out, ==, "");
  g_assert_cmpstr (none.err, ==, "No products match.\n");
}

static void
test_import_skipped_lines (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *feed = write_file (f, "feed.csv",
                                      "id,title,price\n"
                                      "A1,Borsa,189.00 EUR\n"
                                      "A2,Cintura,sessantacinque\n"
                                      "A1,Borsa doppia,1.00 EUR\n"
                                      "A3,Portafoglio,79.00 EUR\n");
  g_auto(Result) r = { 0, };
  g_auto(GStrv) lines = NULL;

  add_account (f, "https://chat.example");
  r = run (f, "C", "catalog", "import", feed, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "Imported 2 products; 2 lines skipped\n");
  lines = g_strsplit (r.err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "line 3: "));
  g_assert_nonnull (strstr (lines[0], "sessantacinque"));
  g_assert_true (g_str_has_prefix (lines[1], "line 4: "));
  g_assert_nonnull (strstr (lines[1], "line 2"));
  g_assert_cmpstr (lines[2], ==, "");
}

/* A refused file says why on one line, exits non-zero and changes nothing. */
static void
test_import_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *feed = write_file (f, "feed.csv", good_feed);
  g_autofree char *bad = write_file (f, "bad.csv", "id,title,price\nA,,1.00 EUR\nB,Bee,gratis\n");
  g_autofree char *columns = write_file (f, "columns.csv", "sku,title\nA,B\n");
  g_auto(Result) first = { 0, };
  g_auto(Result) refused = { 0, };
  g_auto(Result) invalid = { 0, };
  g_auto(Result) search = { 0, };

  add_account (f, "https://chat.example");
  first = run (f, "C", "catalog", "import", feed, NULL);
  g_assert_cmpint (first.status, ==, 0);

  refused = run (f, "C", "catalog", "import", bad, NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_cmpstr (refused.out, ==, "");
  g_assert_true (g_str_has_prefix (refused.err, "bottegactl: Cannot import "));
  g_assert_nonnull (strstr (refused.err, "Nothing in the file can be imported"));
  g_assert_nonnull (strstr (refused.err, "line 2"));
  g_assert_cmpuint (strlen (refused.err), ==, strcspn (refused.err, "\n") + 1);

  invalid = run (f, "C", "catalog", "import", columns, NULL);
  g_assert_cmpint (invalid.status, ==, 1);
  g_assert_nonnull (strstr (invalid.err, "“id”, “price”"));

  search = run (f, "C", "catalog", "search", "bottega", NULL);
  g_assert_cmpint (search.status, ==, 0);
  g_assert_true (g_str_has_prefix (search.out, "BM-DUOMO-COG\t"));
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *feed = write_file (f, "feed.csv", good_feed);
  g_auto(Result) no_account = { 0, };
  g_auto(Result) no_file = { 0, };
  g_auto(Result) unknown = { 0, };
  g_auto(Result) several = { 0, };

  no_account = run (f, "C", "catalog", "import", feed, NULL);
  g_assert_cmpint (no_account.status, ==, 1);
  g_assert_nonnull (strstr (no_account.err, "No account is set up"));

  no_file = run (f, "C", "catalog", "import", NULL);
  g_assert_cmpint (no_file.status, ==, 2);
  unknown = run (f, "C", "catalog", "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 2);

  add_account (f, "https://one.example");
  add_account (f, "https://two.example");
  several = run (f, "C", "catalog", "import", feed, NULL);
  g_assert_cmpint (several.status, ==, 1);
  g_assert_nonnull (strstr (several.err, "--account"));
  {
    g_auto(Result) chosen = run (f, "C", "catalog", "import", feed, "--account", "2", NULL);

    g_assert_cmpint (chosen.status, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/catalog/import-and-search", Fixture, NULL, fixture_set_up, test_import_and_search, fixture_tear_down);
  g_test_add ("/cli/catalog/import-skipped-lines", Fixture, NULL, fixture_set_up, test_import_skipped_lines, fixture_tear_down);
  g_test_add ("/cli/catalog/import-refused", Fixture, NULL, fixture_set_up, test_import_refused, fixture_tear_down);
  g_test_add ("/cli/catalog/usage", Fixture, NULL, fixture_set_up, test_usage, fixture_tear_down);

  return g_test_run ();
}
