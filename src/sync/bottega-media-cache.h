/* bottega-media-cache.h: attachment files on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-chatwoot-client.h"

G_BEGIN_DECLS

/* Largest attachment Bottega downloads (WhatsApp's own limit is 100 MB). */
#define BOTTEGA_MEDIA_MAX_SIZE (100 * 1024 * 1024)

#define BOTTEGA_TYPE_MEDIA_CACHE (bottega_media_cache_get_type ())
G_DECLARE_FINAL_TYPE (BottegaMediaCache, bottega_media_cache, BOTTEGA, MEDIA_CACHE, GObject)

/* Files land in @directory (default $XDG_CACHE_HOME/bottega/media) under a
 * name made from the account and attachment ids: a customer's file name
 * never chooses where a file lands. */
BottegaMediaCache *bottega_media_cache_new          (const char *directory);
const char        *bottega_media_cache_get_directory (BottegaMediaCache *self);

/* The cached file of @attachment, downloading it with @client when needed
 * (the local file itself for a reply not sent yet). */
void   bottega_media_cache_fetch_async  (BottegaMediaCache     *self,
                                         BottegaChatwootClient *client,
                                         BottegaAttachment     *attachment,
                                         gint64                 account_id,
                                         gboolean               thumbnail,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
GFile *bottega_media_cache_fetch_finish (BottegaMediaCache     *self,
                                         GAsyncResult          *result,
                                         GError               **error);

/* The file of @attachment if it is already on disk (the local file of a
 * reply not sent yet, or a finished download), else NULL. Only looks: never
 * downloads. A stat() on the calling thread. */
GFile *bottega_media_cache_lookup       (BottegaMediaCache     *self,
                                         BottegaAttachment     *attachment,
                                         gint64                 account_id,
                                         gboolean               thumbnail);

/* Download progress: @received bytes of @total (-1 when unknown). */
typedef void (*BottegaMediaProgressFunc) (goffset  received,
                                          goffset  total,
                                          gpointer user_data);

/* bottega_media_cache_fetch_async that streams the download to disk and
 * reports its progress through @progress on the main context of the caller
 * (a few times a second at most, never after @cancellable is cancelled).
 * @progress_destroy frees @progress_data once the fetch is over. Finish with
 * bottega_media_cache_fetch_finish. */
void   bottega_media_cache_fetch_with_progress_async (BottegaMediaCache        *self,
                                                      BottegaChatwootClient    *client,
                                                      BottegaAttachment        *attachment,
                                                      gint64                    account_id,
                                                      gboolean                  thumbnail,
                                                      BottegaMediaProgressFunc  progress,
                                                      gpointer                  progress_data,
                                                      GDestroyNotify            progress_destroy,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);

G_END_DECLS
