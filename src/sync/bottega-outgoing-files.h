/* bottega-outgoing-files.h: files Bottega made to send (pasted pictures)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bottega-store.h"

G_BEGIN_DECLS

/* Where a pasted picture is written before it is sent:
 * $XDG_CACHE_HOME/bottega/outgoing. */
char    *bottega_outgoing_files_folder       (void);

/* Deletes the files in @folder (NULL = the default folder) that no unsent
 * reply of any account still needs: a reply queued, being sent or failed
 * (and so waiting for Retry) keeps its files. Only call it when no
 * composer holds files that are not queued yet, i.e. at start-up. Returns
 * how many files were deleted, or -1 with @error set when the outbox
 * cannot be read (then nothing is deleted). Blocking: for a worker thread. */
int      bottega_outgoing_files_clean        (BottegaStore         *store,
                                              const char           *folder,
                                              GError              **error);
void     bottega_outgoing_files_clean_async  (BottegaStore         *store,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
int      bottega_outgoing_files_clean_finish (GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
