/* bottega-catalog-page.h: browsing and searching an account's product catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bottega-catalog-sync.h"
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
/* Imports @file (a local product feed) into the shown account's catalog,
 * as "Import Product Feed…" does once a file is chosen: a toast then says
 * what it did and, when lines were skipped, a button under the source
 * line (and the toast's "Details") lists them. Nothing while another
 * import or update runs. */
void                bottega_catalog_page_import_file      (BottegaCatalogPage  *self,
                                                           GFile               *file);

/* ---- what an import or a refresh did: shared with the preferences ---- */

/* In one line: how many products the catalog has, lines skipped, pictures
 * not downloaded. Plain text. */
char      *bottega_catalog_report_summary      (const BottegaCatalogReport *report);
/* A toast saying that (its title escaped: libadwaita 1.2 reads markup);
 * when lines were skipped it has a "Details" button: connect its
 * "button-clicked" to show bottega_catalog_report_show_details(). */
AdwToast  *bottega_catalog_report_toast_new    (const BottegaCatalogReport *report);
/* "3 Skipped Lines…" ("Items" for Meta's catalog): a button's label. */
char      *bottega_catalog_report_skipped_label (const BottegaCatalogReport *report,
                                                 BottegaCatalogKind          kind);
/* A modal window over @parent's window listing each skipped line with its
 * reason ("Line 13: the price “abc” is not …"; for Meta's catalog "Item 4
 * (SKU-9): …"), as plain one-line text, the first
 * BOTTEGA_CATALOG_MAX_REPORTED then "… and 12 more lines"; the list can be
 * copied; Escape closes it. The keyboard starts on the first line. */
GtkWindow *bottega_catalog_report_show_details (GtkWidget                  *parent,
                                                const BottegaCatalogReport *report,
                                                BottegaCatalogKind          kind);

G_END_DECLS
