/* bottega-sync-error.c: errors of the sync layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-sync"

#include "config.h"

#include "bottega-sync-error.h"

G_DEFINE_QUARK (bottega-sync-error-quark, bottega_sync_error)
