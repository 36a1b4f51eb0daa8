/* bottega-account-setup.h: connecting a Chatwoot account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-chatwoot-client.h"
#include "bottega-store.h"
#include "bottega-sync-error.h"

G_BEGIN_DECLS

/* Reads the profile behind @token on @url, picks the account (@remote_account_id,
 * or the only active one; BOTTEGA_SYNC_ERROR_ACCOUNT_CHOICE when there are
 * several), saves the account in the store and the token in the keyring.
 * Blocking: worker threads and the command line. */
BottegaAccount *bottega_account_setup        (BottegaStore  *store,
                                              const char    *url,
                                              const char    *token,
                                              gint64         remote_account_id,
                                              gboolean       is_demo,
                                              GCancellable  *cancellable,
                                              GError       **error);
/* The same; with @keep_token FALSE the token is not put in the keyring (the
 * demo shop's token comes from the sandbox each run). */
BottegaAccount *bottega_account_setup_full   (BottegaStore  *store,
                                              const char    *url,
                                              const char    *token,
                                              gint64         remote_account_id,
                                              gboolean       is_demo,
                                              gboolean       keep_token,
                                              GCancellable  *cancellable,
                                              GError       **error);
void            bottega_account_setup_async  (BottegaStore        *store,
                                              const char          *url,
                                              const char          *token,
                                              gint64               remote_account_id,
                                              gboolean             is_demo,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
BottegaAccount *bottega_account_setup_finish (GAsyncResult  *result,
                                              GError       **error);

/* A client for a stored account, with the token from the keyring. */
BottegaChatwootClient *bottega_account_open_client (BottegaAccount  *account,
                                                    GCancellable    *cancellable,
                                                    GError         **error);

G_END_DECLS
