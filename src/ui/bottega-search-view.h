/* bottega-search-view.h: messages found by a search, for the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bottega-store.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_SEARCH_VIEW (bottega_search_view_get_type ())
G_DECLARE_FINAL_TYPE (BottegaSearchView, bottega_search_view, BOTTEGA, SEARCH_VIEW, GtkWidget)

/* Searches the store's messages (offline, accents ignored) as the query
 * changes, in a worker thread, newest first. Activating a result emits
 * "message-activated" (gint64 conversation id, gint64 message id: local). */
BottegaSearchView *bottega_search_view_new       (void);
void               bottega_search_view_set_store (BottegaSearchView *self,
                                                  BottegaStore      *store);
void               bottega_search_view_set_query (BottegaSearchView *self,
                                                  const char        *query);
const char        *bottega_search_view_get_query (BottegaSearchView *self);
/* Puts the keyboard on the first result; FALSE when there is none. */
gboolean           bottega_search_view_focus_first (BottegaSearchView *self);

/* Where the words of @query (each a prefix, accents and case ignored, as
 * the search matches them) occur in @text: a bold, tinted attribute per
 * match, never markup. @tint is the highlight's background (NULL: bold only). */
PangoAttrList     *bottega_search_highlight      (const char        *text,
                                                  const char        *query,
                                                  const GdkRGBA     *tint);

G_END_DECLS
