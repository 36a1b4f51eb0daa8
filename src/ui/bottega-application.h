/* bottega-application.h: the Bottega application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bottega-media-cache.h"
#include "bottega-store.h"
#include "bottega-sync-engine.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_APPLICATION (bottega_application_get_type ())
G_DECLARE_FINAL_TYPE (BottegaApplication, bottega_application, BOTTEGA, APPLICATION, AdwApplication)

BottegaApplication *bottega_application_new            (void);
/* NULL until the store is open. */
BottegaStore       *bottega_application_get_store      (BottegaApplication *self);
BottegaMediaCache  *bottega_application_get_media_cache (BottegaApplication *self);
/* The application's settings; NULL when the schema is not installed. */
GSettings          *bottega_application_get_settings   (BottegaApplication *self);
/* The engine of a local account id, or NULL. */
BottegaSyncEngine  *bottega_application_get_engine     (BottegaApplication *self,
                                                        gint64              account_id);
/* Starts the built-in demo shop and connects to it. */
void                bottega_application_start_demo     (BottegaApplication *self);
/* An account was connected (by the connect dialog): start syncing it. */
void                bottega_application_add_account    (BottegaApplication *self,
                                                        BottegaAccount     *account,
                                                        const char         *token);

/* Removes an account from this computer: stops its sync and deletes its
 * conversations, cached attachments and unsent replies, the demo shop's
 * saved state, and its access token from the keyring. Nothing changes on
 * the server. A keyring error is returned after the rest is done. */
void                bottega_application_remove_account_async  (BottegaApplication  *self,
                                                               gint64               account_id,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean            bottega_application_remove_account_finish (BottegaApplication  *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
/* Removes the demo shop as above, then opens it again from its seed. */
void                bottega_application_reset_demo_async      (BottegaApplication  *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean            bottega_application_reset_demo_finish     (BottegaApplication  *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

G_END_DECLS
