/* bottega-outgoing-files.c: files Bottega made to send (pasted pictures)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-sync"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "bottega-outgoing-files.h"

char *
bottega_outgoing_files_folder (void)
{
  return g_build_filename (g_get_user_cache_dir (), "bottega", "outgoing", NULL);
}

/* The canonical paths of every file an unsent reply still needs. */
static GHashTable *
needed_files (BottegaStore  *store,
              GError       **error)
{
  g_autoptr(GHashTable) needed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) accounts = bottega_store_list_accounts (store, error);

  if (accounts == NULL)
    return NULL;

  for (guint i = 0; i < accounts->len; i++)
    {
      BottegaAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(GPtrArray) pending = NULL;

      pending = bottega_store_outbox_pending (store, bottega_account_get_id (account), error);
      if (pending == NULL)
        return NULL;

      for (guint j = 0; j < pending->len; j++)
        {
          BottegaOutboxEntry *entry = g_ptr_array_index (pending, j);

          for (guint k = 0; entry->attachment_paths != NULL && entry->attachment_paths[k] != NULL; k++)
            g_hash_table_add (needed, g_canonicalize_filename (entry->attachment_paths[k], NULL));
        }
    }

  return g_steal_pointer (&needed);
}

int
bottega_outgoing_files_clean (BottegaStore  *store,
                              const char    *folder,
                              GError       **error)
{
  g_autofree char *default_folder = NULL;
  g_autoptr(GHashTable) needed = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) dir_error = NULL;
  const char *name;
  int deleted = 0;

  g_return_val_if_fail (BOTTEGA_IS_STORE (store), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (folder == NULL)
    folder = default_folder = bottega_outgoing_files_folder ();

  dir = g_dir_open (folder, 0, &dir_error);
  if (dir == NULL)
    {
      /* Nothing was ever pasted. */
      if (g_error_matches (dir_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return 0;
      g_propagate_error (error, g_steal_pointer (&dir_error));
      return -1;
    }

  needed = needed_files (store, error);
  if (needed == NULL)
    return -1;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *canonical = g_canonicalize_filename (path, NULL);

      if (g_hash_table_contains (needed, canonical) ||
          !g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
          g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_unlink (path) == 0)
        deleted++;
      else
        g_debug ("Cannot delete a sent file from the outgoing folder: %s", g_strerror (errno));
    }

  return deleted;
}

static void
clean_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  int deleted = bottega_outgoing_files_clean (BOTTEGA_STORE (task_data), NULL, &error);

  if (deleted < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, deleted);
}

void
bottega_outgoing_files_clean_async (BottegaStore        *store,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BOTTEGA_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_outgoing_files_clean_async);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, clean_thread);
}

int
bottega_outgoing_files_clean_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);

  return (int) g_task_propagate_int (G_TASK (result), error);
}
