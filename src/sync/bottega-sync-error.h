/* bottega-sync-error.h: errors of the sync layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BOTTEGA_SYNC_ERROR (bottega_sync_error_quark ())

typedef enum {
  BOTTEGA_SYNC_ERROR_FAILED,
  BOTTEGA_SYNC_ERROR_NO_TOKEN,        /* the keyring holds no token for the account */
  BOTTEGA_SYNC_ERROR_ACCOUNT_CHOICE,  /* the profile has several accounts: pick one */
  BOTTEGA_SYNC_ERROR_NO_ACCOUNT,      /* the profile has no (active) account, or not the one asked for */
  BOTTEGA_SYNC_ERROR_BUSY,            /* a sync of that account is already running */
} BottegaSyncError;

GQuark bottega_sync_error_quark (void);

G_END_DECLS
