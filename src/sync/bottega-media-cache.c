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

/* ---- looking up, and streamed fetches with progress ---- */

/* Where the cached copy of @attachment lives, or NULL when it has none
 * (the same names as bottega_media_cache_fetch_async uses). */
static char *
cache_path (BottegaMediaCache *self,
            BottegaAttachment *attachment,
            gint64             account_id,
            gboolean           thumbnail)
{
  char name[64];

  if (bottega_attachment_get_remote_id (attachment) <= 0)
    return NULL;

  g_snprintf (name, sizeof name, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "%s",
              account_id, bottega_attachment_get_remote_id (attachment),
              thumbnail ? "-thumb" : "");
  return g_build_filename (self->directory, name, NULL);
}

static const char *
local_file (BottegaAttachment *attachment)
{
  const char *path = bottega_attachment_get_local_path (attachment);

  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return path;
  return NULL;
}

GFile *
bottega_media_cache_lookup (BottegaMediaCache *self,
                            BottegaAttachment *attachment,
                            gint64             account_id,
                            gboolean           thumbnail)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_MEDIA_CACHE (self), NULL);
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (attachment), NULL);

  if (local_file (attachment) != NULL)
    return g_file_new_for_path (local_file (attachment));

  path = cache_path (self, attachment, account_id, thumbnail);
  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_file_new_for_path (path);
  return NULL;
}

/* Carries progress from the downloading thread to the caller's main
 * context. The callback and its data belong to the main context: they are
 * called and freed there only. */
typedef struct {
  gint                      ref_count;
  BottegaMediaProgressFunc  func;
  gpointer                  data;
  GDestroyNotify            destroy;
  GCancellable             *cancellable;
  GMainContext             *context;
  gint64                    last_post;  /* downloading thread only */
} ProgressRelay;

typedef struct {
  ProgressRelay *relay;
  goffset        received;
  goffset        total;
} ProgressReport;

/* Reports reach the main context at most this often. */
#define PROGRESS_INTERVAL_USEC (G_USEC_PER_SEC / 10)

static ProgressRelay *
progress_relay_ref (ProgressRelay *relay)
{
  g_atomic_int_inc (&relay->ref_count);
  return relay;
}

static void
progress_relay_unref (ProgressRelay *relay)
{
  if (!g_atomic_int_dec_and_test (&relay->ref_count))
    return;

  /* progress_relay_finish has freed the data on the main context. */
  g_assert (relay->func == NULL);
  g_clear_object (&relay->cancellable);
  g_main_context_unref (relay->context);
  g_free (relay);
}

/* On the main context, once the fetch is over: later reports are dropped. */
static void
progress_relay_finish (ProgressRelay *relay)
{
  gpointer data = g_steal_pointer (&relay->data);
  GDestroyNotify destroy = g_steal_pointer (&relay->destroy);

  relay->func = NULL;
  if (destroy != NULL)
    destroy (data);
}

static gboolean
progress_report_dispatch (gpointer user_data)
{
  ProgressReport *report = user_data;
  ProgressRelay *relay = report->relay;

  if (relay->func != NULL &&
      (relay->cancellable == NULL || !g_cancellable_is_cancelled (relay->cancellable)))
    relay->func (report->received, report->total, relay->data);
  return G_SOURCE_REMOVE;
}

static void
progress_report_free (gpointer user_data)
{
  ProgressReport *report = user_data;

  progress_relay_unref (report->relay);
  g_free (report);
}

/* On the downloading thread. */
static void
progress_relay_post (goffset  received,
                     goffset  total,
                     gpointer user_data)
{
  ProgressRelay *relay = user_data;
  gint64 now = g_get_monotonic_time ();
  ProgressReport *report;

  if (received != 0 && received != total && now - relay->last_post < PROGRESS_INTERVAL_USEC)
    return;
  relay->last_post = now;

  report = g_new0 (ProgressReport, 1);
  report->relay = progress_relay_ref (relay);
  report->received = received;
  report->total = total;
  g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT,
                              progress_report_dispatch, report, progress_report_free);
}

typedef struct {
  BottegaChatwootClient *client;
  char                  *url;
  char                  *path;
  ProgressRelay         *relay;
} StreamData;

static void
stream_data_free (StreamData *data)
{
  g_clear_object (&data->client);
  g_free (data->url);
  g_free (data->path);
  g_clear_pointer (&data->relay, progress_relay_unref);
  g_free (data);
}

static void
stream_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  StreamData *data = task_data;
  g_autofree char *dir = NULL;
  g_autofree char *part_path = NULL;
  g_autoptr(GFile) part = NULL;
  g_autoptr(GFileOutputStream) output = NULL;
  GError *error = NULL;
  gboolean ok;

  if (g_file_test (data->path, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_pointer (task, g_file_new_for_path (data->path), g_object_unref);
      return;
    }

  dir = g_path_get_dirname (data->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "Cannot create the media cache folder: %s", g_strerror (saved_errno));
      return;
    }

  /* Downloads land beside the final name and are renamed once complete, so
   * a half-written file is never taken for a cached one; the random part
   * keeps two fetches of one file apart. */
  part_path = g_strdup_printf ("%s.%08x.part", data->path, g_random_int ());
  part = g_file_new_for_path (part_path);
  output = g_file_create (part, G_FILE_CREATE_PRIVATE, cancellable, &error);
  if (output == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  ok = bottega_chatwoot_client_download_to_stream (data->client, data->url, BOTTEGA_MEDIA_MAX_SIZE,
                                                   G_OUTPUT_STREAM (output),
                                                   progress_relay_post, data->relay,
                                                   cancellable, &error);
  if (ok)
    ok = g_output_stream_close (G_OUTPUT_STREAM (output), cancellable, &error);
  else
    g_output_stream_close (G_OUTPUT_STREAM (output), NULL, NULL);

  if (ok && g_rename (part_path, data->path) != 0)
    {
      int saved_errno = errno;

      error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           "Cannot store a downloaded file: %s", g_strerror (saved_errno));
      ok = FALSE;
    }

  if (!ok)
    {
      g_file_delete (part, NULL, NULL);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_file_new_for_path (data->path), g_object_unref);
}

/* Back on the caller's main context: free the progress callback there, then
 * hand the result to the caller's task. */
static void
stream_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  StreamData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  GFile *file;

  progress_relay_finish (data->relay);

  file = g_task_propagate_pointer (G_TASK (result), &error);
  if (file == NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, file, g_object_unref);
}

void
bottega_media_cache_fetch_with_progress_async (BottegaMediaCache        *self,
                                               BottegaChatwootClient    *client,
                                               BottegaAttachment        *attachment,
                                               gint64                    account_id,
                                               gboolean                  thumbnail,
                                               BottegaMediaProgressFunc  progress,
                                               gpointer                  progress_data,
                                               GDestroyNotify            progress_destroy,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;
  const char *url;
  StreamData *data;
  ProgressRelay *relay;

  g_return_if_fail (BOTTEGA_IS_MEDIA_CACHE (self));
  g_return_if_fail (client == NULL || BOTTEGA_IS_CHATWOOT_CLIENT (client));
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (attachment));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_media_cache_fetch_with_progress_async);

  relay = g_new0 (ProgressRelay, 1);
  relay->ref_count = 1;
  relay->func = progress;
  relay->data = progress_data;
  relay->destroy = progress_destroy;
  relay->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  relay->context = g_main_context_ref_thread_default ();

  /* A reply not sent yet: the file the user picked. */
  if (local_file (attachment) != NULL)
    {
      progress_relay_finish (relay);
      progress_relay_unref (relay);
      g_task_return_pointer (task, g_file_new_for_path (local_file (attachment)), g_object_unref);
      return;
    }

  url = thumbnail && bottega_attachment_get_thumb_url (attachment) != NULL &&
        *bottega_attachment_get_thumb_url (attachment) != '\0'
          ? bottega_attachment_get_thumb_url (attachment)
          : bottega_attachment_get_data_url (attachment);

  if (client == NULL || url == NULL || *url == '\0' || bottega_attachment_get_remote_id (attachment) <= 0)
    {
      progress_relay_finish (relay);
      progress_relay_unref (relay);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "The attachment has no file to show");
      return;
    }

  data = g_new0 (StreamData, 1);
  data->client = g_object_ref (client);
  data->url = g_strdup (url);
  data->path = cache_path (self, attachment, account_id, thumbnail);
  data->relay = relay;

  inner = g_task_new (self, cancellable, stream_done, g_steal_pointer (&task));
  g_task_set_source_tag (inner, stream_thread);
  g_task_set_task_data (inner, data, (GDestroyNotify) stream_data_free);
  g_task_run_in_thread (inner, stream_thread);
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
