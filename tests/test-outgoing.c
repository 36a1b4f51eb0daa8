/* test-outgoing.c: what may be attached to a reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include <string.h>

#include "bottega-outgoing.h"

static BottegaOutgoingKind
kind_of (const char *filename)
{
  g_autofree char *type = g_content_type_guess (filename, NULL, 0, NULL);

  return bottega_outgoing_kind (type);
}

static void
test_kinds (void)
{
  g_assert_cmpint (bottega_outgoing_kind ("image/png"), ==, BOTTEGA_OUTGOING_IMAGE);
  g_assert_cmpint (bottega_outgoing_kind ("image/jpeg"), ==, BOTTEGA_OUTGOING_IMAGE);
  g_assert_cmpint (bottega_outgoing_kind ("audio/ogg"), ==, BOTTEGA_OUTGOING_AUDIO);
  g_assert_cmpint (bottega_outgoing_kind ("video/mp4"), ==, BOTTEGA_OUTGOING_VIDEO);
  g_assert_cmpint (bottega_outgoing_kind ("application/pdf"), ==, BOTTEGA_OUTGOING_DOCUMENT);
  g_assert_cmpint (bottega_outgoing_kind ("text/plain"), ==, BOTTEGA_OUTGOING_DOCUMENT);
  g_assert_cmpint (bottega_outgoing_kind ("application/x-executable"), ==, BOTTEGA_OUTGOING_REFUSED);
  g_assert_cmpint (bottega_outgoing_kind ("inode/directory"), ==, BOTTEGA_OUTGOING_REFUSED);

  /* as the composer guesses them, from the name */
  g_assert_cmpint (kind_of ("borsa.jpg"), ==, BOTTEGA_OUTGOING_IMAGE);
  g_assert_cmpint (kind_of ("fattura.pdf"), ==, BOTTEGA_OUTGOING_DOCUMENT);
  g_assert_cmpint (kind_of ("listino.xlsx"), ==, BOTTEGA_OUTGOING_DOCUMENT);
  g_assert_cmpint (kind_of ("setup.exe"), ==, BOTTEGA_OUTGOING_REFUSED);
  g_assert_cmpint (kind_of ("install.sh"), ==, BOTTEGA_OUTGOING_REFUSED);
  g_assert_cmpint (kind_of ("shop.desktop"), ==, BOTTEGA_OUTGOING_REFUSED);
}

static void
test_limits (void)
{
  g_assert_cmpint (BOTTEGA_OUTGOING_MAX_FILES, ==, 15);
  g_assert_cmpint (bottega_outgoing_max_size (BOTTEGA_OUTGOING_IMAGE), ==, 16 * 1024 * 1024);
  g_assert_cmpint (bottega_outgoing_max_size (BOTTEGA_OUTGOING_VIDEO), ==, 16 * 1024 * 1024);
  g_assert_cmpint (bottega_outgoing_max_size (BOTTEGA_OUTGOING_DOCUMENT), ==, 100 * 1024 * 1024);
  g_assert_cmpint (bottega_outgoing_max_size (BOTTEGA_OUTGOING_REFUSED), ==, 0);
}

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bottega-outgoing-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

/* A file of @size bytes that takes no room on disk. */
static char *
sparse_file (Fixture    *fixture,
             const char *name,
             goffset     size)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  /* something to sniff: a PDF or PNG header */
  if (g_str_has_suffix (name, ".pdf"))
    g_assert_cmpint (write (fd, "%PDF-1.4\n", 9), ==, 9);
  else
    g_assert_cmpint (write (fd, "\x89PNG\r\n\x1a\n", 8), ==, 8);
  close (fd);
  return path;
}

static void
assert_refused (const char *path,
                const char *expected_in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaOutgoingFile) file = bottega_outgoing_check_file (path, NULL, &error);
  g_autofree char *folder = g_path_get_dirname (path);

  g_assert_null (file);
  g_assert_error (error, G_IO_ERROR, error->code);
  if (strstr (error->message, expected_in_message) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected_in_message);
  /* the file's name, never where it is */
  g_assert_null (strstr (error->message, folder));
}

static void
test_check_good (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *pdf = write_file (fixture, "fattura 42.pdf", "%PDF-1.4\n%fake\n", -1);
  g_autofree char *png = sparse_file (fixture, "borsa.png", 5 * 1024 * 1024);
  g_autofree char *big_pdf = sparse_file (fixture, "catalogo.pdf", 60 * 1024 * 1024);
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaOutgoingFile) file = NULL;

  file = bottega_outgoing_check_file (pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file->path, ==, pdf);
  g_assert_cmpstr (file->name, ==, "fattura 42.pdf");
  g_assert_cmpint (file->kind, ==, BOTTEGA_OUTGOING_DOCUMENT);
  g_assert_cmpint (file->size, ==, 15);
  g_clear_pointer (&file, bottega_outgoing_file_free);

  file = bottega_outgoing_check_file (png, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (file->kind, ==, BOTTEGA_OUTGOING_IMAGE);
  g_assert_true (g_content_type_is_a (file->content_type, "image/png"));
  g_clear_pointer (&file, bottega_outgoing_file_free);

  /* a document may be larger than a picture */
  file = bottega_outgoing_check_file (big_pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (file->kind, ==, BOTTEGA_OUTGOING_DOCUMENT);
}

static void
test_check_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *big_png = sparse_file (fixture, "foto.png", 17 * 1024 * 1024);
  g_autofree char *huge_pdf = sparse_file (fixture, "scansioni.pdf", (goffset) 101 * 1024 * 1024);
  g_autofree char *script = write_file (fixture, "installa.sh", "#!/bin/sh\necho hi\n", -1);
  g_autofree char *empty = write_file (fixture, "vuoto.pdf", "", 0);
  g_autofree char *missing = g_build_filename (fixture->dir, "sparito.pdf", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "cartella", NULL);
  g_autofree char *secret = write_file (fixture, "segreto.pdf", "%PDF-1.4\n", -1);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  assert_refused (big_png, "“foto.png” is too large");
  assert_refused (huge_pdf, "“scansioni.pdf” is too large");
  assert_refused (script, "“installa.sh” is a program or a script");
  assert_refused (empty, "“vuoto.pdf” is empty");
  assert_refused (missing, "“sparito.pdf” is no longer there");
  assert_refused (folder, "“cartella” is a folder");

  /* unreadable (root reads everything: only when not root) */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (secret, 0), ==, 0);
      assert_refused (secret, "“segreto.pdf” cannot be read");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outgoing/kinds", test_kinds);
  g_test_add_func ("/outgoing/limits", test_limits);
  g_test_add ("/outgoing/check/good", Fixture, NULL, fixture_set_up, test_check_good, fixture_tear_down);
  g_test_add ("/outgoing/check/refused", Fixture, NULL, fixture_set_up, test_check_refused, fixture_tear_down);

  return g_test_run ();
}
