/* bottega-secret.h: access tokens in the keyring (libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Tokens are keyed by server URL and remote account id. They are never
 * written to the database, GSettings or the logs. Blocking forms are for
 * worker threads and the command line. */
gboolean bottega_secret_store_token  (const char *url, gint64 remote_account_id,
                                      const char *token, GCancellable *cancellable, GError **error);
/* Returns NULL with no error when there is none. */
char    *bottega_secret_lookup_token (const char *url, gint64 remote_account_id,
                                      GCancellable *cancellable, GError **error);
gboolean bottega_secret_clear_token  (const char *url, gint64 remote_account_id,
                                      GCancellable *cancellable, GError **error);

void     bottega_secret_lookup_token_async  (const char *url, gint64 remote_account_id,
                                             GCancellable *cancellable, GAsyncReadyCallback callback,
                                             gpointer user_data);
char    *bottega_secret_lookup_token_finish (GAsyncResult *result, GError **error);

/* The access token of a Meta catalog (the Graph API), keyed by the API's
 * base URL and the catalog id; same rules as the account tokens. */
gboolean bottega_secret_store_catalog_token  (const char *base_url, const char *catalog_id,
                                              const char *token, GCancellable *cancellable, GError **error);
/* Returns NULL with no error when there is none. */
char    *bottega_secret_lookup_catalog_token (const char *base_url, const char *catalog_id,
                                              GCancellable *cancellable, GError **error);
gboolean bottega_secret_clear_catalog_token  (const char *base_url, const char *catalog_id,
                                              GCancellable *cancellable, GError **error);

G_END_DECLS
