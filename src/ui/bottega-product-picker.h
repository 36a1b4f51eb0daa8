/* bottega-product-picker.h: choosing catalog products to send, in the composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bottega-product.h"
#include "bottega-store.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_PRODUCT_PICKER (bottega_product_picker_get_type ())
G_DECLARE_FINAL_TYPE (BottegaProductPicker, bottega_product_picker, BOTTEGA, PRODUCT_PICKER, GtkPopover)

/* A popover with a search entry over an account's catalog: the list
 * follows what is typed, Up/Down (and Page Up/Down) move the highlight,
 * Enter chooses the highlighted product and closes, Ctrl+Enter chooses it
 * and stays open for another one, Escape closes; a click chooses and
 * closes. "chosen" (BottegaProduct *product, gboolean keep_open) is
 * emitted for each product chosen. */
BottegaProductPicker *bottega_product_picker_new         (void);
/* The catalog shown: @store's products of @account_id. */
void                  bottega_product_picker_set_catalog (BottegaProductPicker *self,
                                                          BottegaStore         *store,
                                                          gint64                account_id);
/* Pops up with the search empty (or, @keep_query, as it was), the first
 * product highlighted and the keyboard in the search entry. */
void                  bottega_product_picker_open        (BottegaProductPicker *self,
                                                          gboolean              keep_query);
/* How many products the list shows now. */
guint                 bottega_product_picker_get_n_shown (BottegaProductPicker *self);

/* ---- shared with the catalog page ---- */

/* TRUE when the customer cannot have @product now (out of stock,
 * discontinued): sending it is asked about first. */
gboolean bottega_product_needs_confirmation (BottegaProduct *product);

/* Sets @price_label to what the customer pays now and @regular_label
 * (shown only on sale, struck through) to the regular price; @availability
 * (optional) to the availability when it is not "in stock", hidden
 * otherwise, styled by how much it matters. Sets the accessible
 * description of @describe (optional) to all of it in words. */
void     bottega_product_show_price         (BottegaProduct *product,
                                             GtkLabel       *price_label,
                                             GtkLabel       *regular_label,
                                             GtkLabel       *availability,
                                             GtkWidget      *describe);

/* Decoded product images at one size, kept while they are on screen and a
 * while after; decoding runs in a thread. */
typedef struct _BottegaProductThumbnails BottegaProductThumbnails;

BottegaProductThumbnails *bottega_product_thumbnails_new    (int                       size);
void                      bottega_product_thumbnails_free   (BottegaProductThumbnails *thumbnails);
/* Shows @product's cached image in @picture (a GtkPicture or GtkImage):
 * at once when it was decoded before, else a placeholder icon until it
 * is. An image that cannot be shown (unreadable, or claiming more pixels
 * than bottega_attachment_decode_image() accepts) is never decoded in
 * full: a GtkImage shows a broken-picture placeholder (image-missing),
 * a GtkPicture is hidden. A later
 * call for @picture wins over an earlier one still decoding; @product
 * NULL just shows the placeholder. */
void                      bottega_product_thumbnails_show   (BottegaProductThumbnails *thumbnails,
                                                             GtkWidget                *picture,
                                                             BottegaProduct           *product);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaProductThumbnails, bottega_product_thumbnails_free)

/* The parts of a product's row (the picker) or card (the catalog page),
 * made by bottega_product_widgets_new() with their common look; the
 * caller lays them out in @box, its child of the list item. */
typedef struct {
  GtkWidget *box;
  GtkWidget *image;          /* a GtkImage, presentational (the box has the name) */
  GtkLabel  *name;
  GtkLabel  *price;
  GtkLabel  *regular;
  GtkLabel  *availability;
} BottegaProductWidgets;

/* Kept on @box (freed with it); @image_size in pixels. */
BottegaProductWidgets *bottega_product_widgets_new   (GtkWidget                *box,
                                                      int                       image_size);
BottegaProductWidgets *bottega_product_widgets_get   (GtkWidget                *box);
/* Shows @product (NULL: lets go of the picture). */
void                   bottega_product_widgets_show  (BottegaProductWidgets    *widgets,
                                                      BottegaProduct           *product,
                                                      BottegaProductThumbnails *thumbnails);

G_END_DECLS
