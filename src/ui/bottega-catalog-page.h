/* bottega-catalog-page.h: browsing and searching an account's product catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bottega-store.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_CATALOG_PAGE (bottega_catalog_page_get_type ())
G_DECLARE_FINAL_TYPE (BottegaCatalogPage, bottega_catalog_page, BOTTEGA, CATALOG_PAGE, GtkWidget)

/* A page of the main window: a search entry over a grid of product cards
 * (picture, name, price, availability), the catalog's source and when it
 * was last updated, with Refresh and "Import Product Feed…"; the selected
 * product's details beside the grid (or over it on narrow windows) with
 * "Send in Conversation" while a conversation is open.
 *
 * Signals: "close" (): the user is done (Back, Escape);
 * "send-product" (BottegaProduct *): add it to the open conversation's
 * reply. */
BottegaCatalogPage *bottega_catalog_page_new              (void);
void                bottega_catalog_page_set_store        (BottegaCatalogPage  *self,
                                                           BottegaStore        *store);
/* The account whose catalog is shown; NULL: none. */
void                bottega_catalog_page_set_account      (BottegaCatalogPage  *self,
                                                           BottegaAccount      *account);
/* Where "Send in Conversation" sends; NULL: nowhere (the action is off). */
void                bottega_catalog_page_set_conversation (BottegaCatalogPage  *self,
                                                           BottegaConversation *conversation);
/* The keyboard in the search entry, its text selected. */
void                bottega_catalog_page_focus_search     (BottegaCatalogPage  *self);

G_END_DECLS
