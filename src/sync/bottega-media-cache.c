/* bottega-media-cache.c: attachment files on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-sync"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "bottega-media-cache.h"

struct _BottegaMediaCache
{
  GObject  parent_instance;
  char    *directory;
};

G_DEFINE_FINAL_TYPE (BottegaMediaCache, bottega_media_cache, G_TYPE_OBJECT)

typedef struct {
  BottegaChatwootClient *client;
  char                  *url;
  char                  *path;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->client);
  g_free (data->url);
  g_free (data->path);
  g_free (data);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = NULL;
  GError *error = NULL;

  if (g_file_test (data->path, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_pointer (task, g_file_new_for_path (data->path), g_object_unref);
      return;
    }

  bytes = bottega_chatwoot_client_download (data->client, data->url, BOTTEGA_MEDIA_MAX_SIZE,
                                            cancellable, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  dir = g_path_get_dirname (data->path);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (data->path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, g_io_error_from_errno (errno),
                             "Cannot create the media cache folder");
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_file_new_for_path (data->path), g_object_unref);
}

void
bottega_media_cache_fetch_async (BottegaMediaCache     *self,
                                 BottegaChatwootClient *client,
                                 BottegaAttachment     *attachment,
                                 gint64                 account_id,
                                 gboolean               thumbnail,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *url;
  FetchData *data;
  char name[64];

  g_return_if_fail (BOTTEGA_IS_MEDIA_CACHE (self));
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (attachment));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_media_cache_fetch_async);

  /* A reply not sent yet: the file the user picked. */
  if (bottega_attachment_get_local_path (attachment) != NULL &&
      g_file_test (bottega_attachment_get_local_path (attachment), G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_pointer (task, g_file_new_for_path (bottega_attachment_get_local_path (attachment)),
                             g_object_unref);
      return;
    }

  url = thumbnail && bottega_attachment_get_thumb_url (attachment) != NULL &&
        *bottega_attachment_get_thumb_url (attachment) != '\0'
          ? bottega_attachment_get_thumb_url (attachment)
          : bottega_attachment_get_data_url (attachment);

  if (client == NULL || url == NULL || *url == '\0' || bottega_attachment_get_remote_id (attachment) <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "The attachment has no file to show");
      return;
    }

  g_snprintf (name, sizeof name, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "%s",
              account_id, bottega_attachment_get_remote_id (attachment),
              thumbnail ? "-thumb" : "");

  data = g_new0 (FetchData, 1);
  data->client = g_object_ref (client);
  data->url = g_strdup (url);
  data->path = g_build_filename (self->directory, name, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

GFile *
bottega_media_cache_fetch_finish (BottegaMediaCache  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

BottegaMediaCache *
bottega_media_cache_new (const char *directory)
{
  BottegaMediaCache *self = g_object_new (BOTTEGA_TYPE_MEDIA_CACHE, NULL);

  self->directory = directory != NULL
    ? g_strdup (directory)
    : g_build_filename (g_get_user_cache_dir (), "bottega", "media", NULL);
  return self;
}

const char *
bottega_media_cache_get_directory (BottegaMediaCache *self)
{
  g_return_val_if_fail (BOTTEGA_IS_MEDIA_CACHE (self), NULL);
  return self->directory;
}

static void
bottega_media_cache_finalize (GObject *object)
{
  BottegaMediaCache *self = BOTTEGA_MEDIA_CACHE (object);

  g_free (self->directory);
  G_OBJECT_CLASS (bottega_media_cache_parent_class)->finalize (object);
}

static void
bottega_media_cache_class_init (BottegaMediaCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bottega_media_cache_finalize;
}

static void
bottega_media_cache_init (BottegaMediaCache *self)
{
}
