/* fuzz-replay.c: runs a fuzz target over its seed corpus and the inputs
 * that once crashed it, as an ordinary test (no libFuzzer needed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "fuzz-common.h"

static void
replay_directory (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_ascii_strcasecmp);

  /* A folder of no inputs would make this test pass by doing nothing. */
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_file_get_contents (file, &contents, &length, &error);
      g_assert_no_error (error);
      g_test_message ("%s", (const char *) g_ptr_array_index (names, i));
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  LLVMFuzzerInitialize (&argc, &argv);

  /* Each folder named on the command line that has inputs is one test. */
  for (int i = 1; i < argc; i++)
    {
      /* …/corpus/<target> and …/regressions/<target>: named by the kind. */
      g_autofree char *parent = g_path_get_dirname (argv[i]);
      g_autofree char *kind = g_path_get_basename (parent);
      g_autofree char *test_path = g_strdup_printf ("/fuzz/%s/%s", FUZZ_TARGET, kind);

      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        g_test_add_data_func (test_path, argv[i], replay_directory);
    }

  return g_test_run ();
}
