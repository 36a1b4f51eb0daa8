/* bottega-test-helpers.c: a temporary home, a sandbox and a store for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <sqlite3.h>

#include "bottega-test-helpers.h"

char *
test_home_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *keyring = NULL;
  char *home;

  home = g_dir_make_tmp ("bottega-test-XXXXXX", &error);
  g_assert_no_error (error);

  data = g_build_filename (home, "data", NULL);
  cache = g_build_filename (home, "cache", NULL);
  keyring = g_build_filename (home, "keyring", NULL);
  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (cache, 0700);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  return home;
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          remove_tree (child);
          g_object_unref (info);
        }
    }
  g_file_delete (file, NULL, NULL);
}

void
test_home_free (char *home)
{
  g_autoptr(GFile) file = NULL;

  if (home == NULL)
    return;
  file = g_file_new_for_path (home);
  remove_tree (file);
  g_free (home);
}

static gboolean
timed_out (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
test_wait_for (gboolean *flag,
               guint     seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (seconds, timed_out, &expired);

  while (!*flag && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return *flag;
}

void
test_assert_database_intact (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) result = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (result, "%s%s", result->len > 0 ? "; " : "",
                            (const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpint (sqlite3_finalize (stmt), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpstr (result->str, ==, "ok");
}

GSubprocessLauncher *
test_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  const char *child_options = g_getenv ("BOTTEGA_TEST_CHILD_ASAN_OPTIONS");

  if (child_options != NULL)
    g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", child_options, TRUE);

  return launcher;
}
