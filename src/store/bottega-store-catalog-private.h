/* bottega-store-catalog-private.h: what bottega-store.c does for the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-store.h"

G_BEGIN_DECLS

/* Emits "catalog-changed" (@account_id) from an idle on the store's main
 * context. For a write that has committed: any thread. */
void bottega_store_emit_catalog_changed (BottegaStore *self,
                                         gint64        account_id);

G_END_DECLS
