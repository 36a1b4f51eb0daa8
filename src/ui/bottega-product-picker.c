/* bottega-product-picker.c: choosing catalog products to send, in the composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-attachment-view-private.h"
#include "bottega-price.h"
#include "bottega-product-list.h"
#include "bottega-product-picker.h"

#define THUMBNAIL_SIZE 40
/* Decoded images kept at most; past that the cache starts over. */
#define MAX_CACHED_THUMBNAILS 300

typedef enum {
  CHOOSE_NONE,
  CHOOSE_AND_CLOSE,
  CHOOSE_AND_STAY,
} PendingChoice;

struct _BottegaProductPicker
{
  GtkPopover                parent_instance;

  /* template */
  GtkSearchEntry           *search_entry;
  GtkStack                 *list_stack;
  GtkScrolledWindow        *scroller;
  GtkListView              *list_view;
  GtkLabel                 *empty_label;

  BottegaStore             *store;
  BottegaProductList       *products;
  GtkSingleSelection       *selection;
  BottegaProductThumbnails *thumbnails;

  /* Enter came while the search was still running: what to do once the
   * results are in. */
  PendingChoice             pending;
  guint                     pending_idle;
};

G_DEFINE_FINAL_TYPE (BottegaProductPicker, bottega_product_picker, GTK_TYPE_POPOVER)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- shared with the catalog page ---- */

gboolean
bottega_product_needs_confirmation (BottegaProduct *product)
{
  BottegaAvailability availability;

  g_return_val_if_fail (BOTTEGA_IS_PRODUCT (product), FALSE);

  availability = bottega_product_get_availability (product);
  return availability == BOTTEGA_AVAILABILITY_OUT_OF_STOCK ||
         availability == BOTTEGA_AVAILABILITY_DISCONTINUED;
}

void
bottega_product_show_price (BottegaProduct *product,
                            GtkLabel       *price_label,
                            GtkLabel       *regular_label,
                            GtkLabel       *availability_label,
                            GtkWidget      *describe)
{
  BottegaAvailability availability;
  g_autofree char *price = NULL;
  g_autofree char *regular = NULL;
  g_autofree char *description = NULL;
  gboolean on_sale;

  g_return_if_fail (BOTTEGA_IS_PRODUCT (product));
  g_return_if_fail (GTK_IS_LABEL (price_label));
  g_return_if_fail (GTK_IS_LABEL (regular_label));

  availability = bottega_product_get_availability (product);
  on_sale = bottega_product_is_on_sale (product);
  price = bottega_product_format_price (product, NULL);
  if (on_sale)
    regular = bottega_price_format (bottega_product_get_price_minor (product),
                                    bottega_product_get_currency (product), NULL);

  gtk_label_set_text (price_label, price);
  gtk_label_set_text (regular_label, regular != NULL ? regular : "");
  gtk_widget_set_visible (GTK_WIDGET (regular_label), on_sale);
  if (on_sale)
    gtk_widget_add_css_class (GTK_WIDGET (price_label), "sale-price");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (price_label), "sale-price");

  if (availability_label != NULL)
    {
      GtkWidget *widget = GTK_WIDGET (availability_label);

      gtk_label_set_text (availability_label, bottega_availability_get_label (availability));
      gtk_widget_set_visible (widget, availability != BOTTEGA_AVAILABILITY_IN_STOCK);
      gtk_widget_remove_css_class (widget, "unavailable");
      gtk_widget_remove_css_class (widget, "on-order");
      if (bottega_product_needs_confirmation (product))
        gtk_widget_add_css_class (widget, "unavailable");
      else if (availability != BOTTEGA_AVAILABILITY_IN_STOCK)
        gtk_widget_add_css_class (widget, "on-order");
    }

  if (describe == NULL)
    return;

  if (on_sale)
    /* Translators: a product's sale price, its regular price, then its
     * availability ("Out of stock") */
    description = g_strdup_printf (_("%1$s, on sale instead of %2$s, %3$s"), price, regular,
                                   bottega_availability_get_label (availability));
  else
    /* Translators: a product's price, then its availability ("In stock") */
    description = g_strdup_printf (_("%1$s, %2$s"), price, bottega_availability_get_label (availability));
  gtk_accessible_update_property (GTK_ACCESSIBLE (describe), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
}

/* ---- thumbnails ---- */

#define THUMBNAIL_KEY "bottega-thumbnail-key"

struct _BottegaProductThumbnails
{
  int           size;
  GHashTable   *textures;     /* key → GdkTexture */
  GHashTable   *failed;       /* keys that cannot be shown: not decoded again */
  GHashTable   *waiting;      /* key → GPtrArray of the widgets that want it */
  GCancellable *cancellable;
};

typedef struct {
  char *path;
  char *key;
  int   pixels;
} Decode;

static void
decode_free (Decode *decode)
{
  g_free (decode->path);
  g_free (decode->key);
  g_free (decode);
}

BottegaProductThumbnails *
bottega_product_thumbnails_new (int size)
{
  BottegaProductThumbnails *thumbnails = g_new0 (BottegaProductThumbnails, 1);

  g_return_val_if_fail (size > 0, NULL);

  thumbnails->size = size;
  thumbnails->textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  thumbnails->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  thumbnails->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_ptr_array_unref);
  thumbnails->cancellable = g_cancellable_new ();
  return thumbnails;
}

void
bottega_product_thumbnails_free (BottegaProductThumbnails *thumbnails)
{
  if (thumbnails == NULL)
    return;

  /* The decodes under way find it cancelled and touch nothing. */
  g_cancellable_cancel (thumbnails->cancellable);
  g_object_unref (thumbnails->cancellable);
  g_hash_table_unref (thumbnails->textures);
  g_hash_table_unref (thumbnails->failed);
  g_hash_table_unref (thumbnails->waiting);
  g_free (thumbnails);
}

static void
set_paintable (GtkWidget    *widget,
               GdkPaintable *paintable)
{
  if (GTK_IS_PICTURE (widget))
    {
      gtk_picture_set_paintable (GTK_PICTURE (widget), paintable);
      return;
    }

  if (paintable != NULL)
    {
      gtk_image_set_from_paintable (GTK_IMAGE (widget), paintable);
      gtk_widget_remove_css_class (widget, "no-image");
    }
  else
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (widget), "image-x-generic-symbolic");
      gtk_widget_add_css_class (widget, "no-image");
    }
}

/* A picture that cannot be shown: an image shows the broken-picture
 * placeholder, a (large) picture is hidden as for a product without one. */
static void
show_failed (GtkWidget *widget)
{
  set_paintable (widget, NULL);
  if (GTK_IS_PICTURE (widget))
    gtk_widget_set_visible (widget, FALSE);
  else
    gtk_image_set_from_icon_name (GTK_IMAGE (widget), "image-missing-symbolic");
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Decode *decode = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (decode->path);
  GError *error = NULL;
  GdkPixbuf *pixbuf;

  /* The picture came from the shop's server: at a bounded size whatever
   * the file claims, and not at all when its header claims more pixels
   * than anyone could want (the same check as for the customers'). */
  pixbuf = bottega_attachment_decode_image (file, decode->pixels, cancellable, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
decoded (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  BottegaProductThumbnails *thumbnails = user_data;
  Decode *decode = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GPtrArray) widgets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  /* Freed meanwhile: @thumbnails is gone. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  g_hash_table_steal_extended (thumbnails->waiting, decode->key, (gpointer *) &key, (gpointer *) &widgets);
  if (pixbuf == NULL)
    {
      g_debug ("Cannot show a product image: %s", error->message);
      /* The placeholder stays; the file is not tried again. */
      if (g_hash_table_size (thumbnails->failed) >= MAX_CACHED_THUMBNAILS)
        g_hash_table_remove_all (thumbnails->failed);
      g_hash_table_add (thumbnails->failed, g_strdup (decode->key));
      for (guint i = 0; widgets != NULL && i < widgets->len; i++)
        {
          GtkWidget *widget = g_ptr_array_index (widgets, i);

          if (g_strcmp0 (g_object_get_data (G_OBJECT (widget), THUMBNAIL_KEY), decode->key) == 0)
            show_failed (widget);
        }
      return;
    }

  texture = gdk_texture_new_for_pixbuf (pixbuf);
  if (g_hash_table_size (thumbnails->textures) >= MAX_CACHED_THUMBNAILS)
    g_hash_table_remove_all (thumbnails->textures);
  g_hash_table_insert (thumbnails->textures, g_strdup (decode->key), g_object_ref (texture));

  for (guint i = 0; widgets != NULL && i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);

      /* Still showing the same product. */
      if (g_strcmp0 (g_object_get_data (G_OBJECT (widget), THUMBNAIL_KEY), decode->key) == 0)
        set_paintable (widget, GDK_PAINTABLE (texture));
    }
}

void
bottega_product_thumbnails_show (BottegaProductThumbnails *thumbnails,
                                 GtkWidget                *picture,
                                 BottegaProduct           *product)
{
  const char *path;
  g_autofree char *key = NULL;
  g_autoptr(GTask) task = NULL;
  GdkTexture *texture;
  GPtrArray *waiting;
  Decode *decode;
  int scale;

  g_return_if_fail (thumbnails != NULL);
  g_return_if_fail (GTK_IS_PICTURE (picture) || GTK_IS_IMAGE (picture));
  g_return_if_fail (product == NULL || BOTTEGA_IS_PRODUCT (product));

  path = product != NULL ? bottega_product_get_image_path (product) : NULL;
  if (path == NULL || *path == '\0')
    {
      g_object_set_data (G_OBJECT (picture), THUMBNAIL_KEY, NULL);
      set_paintable (picture, NULL);
      return;
    }

  scale = MAX (1, gtk_widget_get_scale_factor (picture));
  key = g_strdup_printf ("%d:%s", scale, path);
  g_object_set_data_full (G_OBJECT (picture), THUMBNAIL_KEY, g_strdup (key), g_free);

  if (g_hash_table_contains (thumbnails->failed, key))
    {
      show_failed (picture);
      return;
    }

  texture = g_hash_table_lookup (thumbnails->textures, key);
  set_paintable (picture, texture != NULL ? GDK_PAINTABLE (texture) : NULL);
  if (texture != NULL)
    return;

  waiting = g_hash_table_lookup (thumbnails->waiting, key);
  if (waiting != NULL)
    {
      g_ptr_array_add (waiting, g_object_ref (picture));
      return;
    }

  waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiting, g_object_ref (picture));
  g_hash_table_insert (thumbnails->waiting, g_strdup (key), waiting);

  decode = g_new0 (Decode, 1);
  decode->path = g_strdup (path);
  decode->key = g_strdup (key);
  decode->pixels = thumbnails->size * scale;
  task = g_task_new (NULL, thumbnails->cancellable, decoded, thumbnails);
  g_task_set_source_tag (task, bottega_product_thumbnails_show);
  g_task_set_task_data (task, decode, (GDestroyNotify) decode_free);
  g_task_run_in_thread (task, decode_thread);
}

/* ---- rows and cards ---- */

#define WIDGETS_KEY "bottega-product-widgets"

BottegaProductWidgets *
bottega_product_widgets_new (GtkWidget *box,
                             int        image_size)
{
  BottegaProductWidgets *widgets = g_new0 (BottegaProductWidgets, 1);

  g_return_val_if_fail (GTK_IS_WIDGET (box), NULL);

  widgets->box = box;
  /* Named after the product when shown (below). Not marked presentational:
   * GTK 4.8's AT-SPI bridge then drops the card's other children from the
   * tree as well. */
  widgets->image = gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (widgets->image), image_size);
  gtk_widget_add_css_class (widgets->image, "product-thumbnail");

  /* The shop's text: plain labels, never markup. */
  widgets->name = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_use_markup (widgets->name, FALSE);
  gtk_label_set_xalign (widgets->name, 0);
  gtk_label_set_ellipsize (widgets->name, PANGO_ELLIPSIZE_END);

  widgets->price = GTK_LABEL (gtk_label_new (NULL));
  widgets->regular = GTK_LABEL (gtk_label_new (NULL));
  widgets->availability = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (widgets->price), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (widgets->regular), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (widgets->regular), "regular-price");
  gtk_label_set_ellipsize (widgets->regular, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (widgets->availability), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (widgets->availability), "product-availability");
  gtk_label_set_ellipsize (widgets->availability, PANGO_ELLIPSIZE_END);

  g_object_set_data_full (G_OBJECT (box), WIDGETS_KEY, widgets, g_free);
  return widgets;
}

BottegaProductWidgets *
bottega_product_widgets_get (GtkWidget *box)
{
  g_return_val_if_fail (GTK_IS_WIDGET (box), NULL);

  return g_object_get_data (G_OBJECT (box), WIDGETS_KEY);
}

void
bottega_product_widgets_show (BottegaProductWidgets    *widgets,
                              BottegaProduct           *product,
                              BottegaProductThumbnails *thumbnails)
{
  g_autofree char *picture_name = NULL;
  const char *name;

  g_return_if_fail (widgets != NULL);
  g_return_if_fail (thumbnails != NULL);

  /* A late decode must not land in a recycled row. */
  bottega_product_thumbnails_show (thumbnails, widgets->image, product);
  if (product == NULL)
    return;

  name = bottega_product_get_name (product);
  /* Translators: %s is a product's name */
  picture_name = g_strdup_printf (_("Picture of %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->image), GTK_ACCESSIBLE_PROPERTY_LABEL, picture_name, -1);
  gtk_label_set_text (widgets->name, name);
  gtk_widget_set_tooltip_text (widgets->box, name);
  bottega_product_show_price (product, widgets->price, widgets->regular, widgets->availability, widgets->box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->box), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           BottegaProductPicker     *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  BottegaProductWidgets *row = bottega_product_widgets_new (box, THUMBNAIL_SIZE);

  gtk_label_set_width_chars (row->name, 20);
  gtk_label_set_max_width_chars (row->name, 30);
  gtk_widget_add_css_class (GTK_WIDGET (row->price), "caption");

  gtk_box_append (GTK_BOX (line), GTK_WIDGET (row->price));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (row->regular));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (row->availability));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->name));
  gtk_box_append (GTK_BOX (text), line);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), row->image);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_add_css_class (box, "product-row");
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          BottegaProductPicker     *self)
{
  bottega_product_widgets_show (bottega_product_widgets_get (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item), self->thumbnails);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            BottegaProductPicker     *self)
{
  bottega_product_widgets_show (bottega_product_widgets_get (gtk_list_item_get_child (item)),
                                NULL, self->thumbnails);
}

static void
update_empty (BottegaProductPicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint n = self->selection != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->selection)) : 0;

  if (n > 0 || (self->products != NULL && bottega_product_list_get_searching (self->products)))
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  if (text[0] != '\0')
    {
      g_autofree char *message = NULL;

      /* Translators: %s is what was searched for */
      message = g_strdup_printf (_("No product matches “%s”"), text);
      gtk_label_set_text (self->empty_label, message);
    }
  else
    gtk_label_set_text (self->empty_label,
                        _("This account has no products yet. Add a catalog source in Preferences."));
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
highlight (BottegaProductPicker *self,
           guint                 position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  if (n == 0)
    return;
  position = MIN (position, n - 1);
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
choose (BottegaProductPicker *self,
        gboolean              keep_open)
{
  g_autoptr(BottegaProduct) product = NULL;

  self->pending = CHOOSE_NONE;
  product = gtk_single_selection_get_selected_item (self->selection) != NULL
            ? g_object_ref (gtk_single_selection_get_selected_item (self->selection)) : NULL;
  if (product == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  if (!keep_open)
    gtk_popover_popdown (GTK_POPOVER (self));
  else
    gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
  g_signal_emit (self, signals[CHOSEN], 0, product, keep_open);
}

static gboolean
resolve_pending (gpointer user_data)
{
  BottegaProductPicker *self = user_data;

  self->pending_idle = 0;
  if (self->pending != CHOOSE_NONE && !bottega_product_list_get_searching (self->products))
    choose (self, self->pending == CHOOSE_AND_STAY);
  return G_SOURCE_REMOVE;
}

/* The results of a search replace the list: the best one is highlighted. */
static void
on_items_changed (BottegaProductPicker *self)
{
  highlight (self, 0);
  update_empty (self);
}

static void
on_searching_changed (BottegaProductPicker *self)
{
  update_empty (self);
  /* After the selection has followed the new results. */
  if (self->pending != CHOOSE_NONE && !bottega_product_list_get_searching (self->products) &&
      self->pending_idle == 0)
    self->pending_idle = g_idle_add (resolve_pending, self);
}

/* Enter before the search caught up with the typing chooses from the
 * results of what was typed, not from the list still on screen. */
static void
choose_when_ready (BottegaProductPicker *self,
                   gboolean              keep_open)
{
  if (self->products == NULL)
    return;

  bottega_product_list_set_query (self->products, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (bottega_product_list_get_searching (self->products))
    {
      self->pending = keep_open ? CHOOSE_AND_STAY : CHOOSE_AND_CLOSE;
      return;
    }
  choose (self, keep_open);
}

static void
on_search_changed (BottegaProductPicker *self)
{
  if (self->products != NULL)
    bottega_product_list_set_query (self->products, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_empty (self);
}

static gboolean
on_key_pressed (BottegaProductPicker  *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  guint selected;

  if (self->selection == NULL)
    return GDK_EVENT_PROPAGATE;
  selected = gtk_single_selection_get_selected (self->selection);
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      highlight (self, selected > 0 ? selected - 1 : 0);
      return GDK_EVENT_STOP;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      highlight (self, selected + 1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      highlight (self, selected > 5 ? selected - 5 : 0);
      return GDK_EVENT_STOP;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      highlight (self, selected + 5);
      return GDK_EVENT_STOP;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      /* Enter alone is the entry's "activate". */
      if ((state & GDK_CONTROL_MASK) == 0)
        return GDK_EVENT_PROPAGATE;
      choose_when_ready (self, TRUE);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static void
on_activate (BottegaProductPicker *self,
             guint                 position,
             GtkListView          *list_view)
{
  highlight (self, position);
  choose (self, FALSE);
}

static void
on_entry_activate (BottegaProductPicker *self)
{
  choose_when_ready (self, FALSE);
}

static void
on_stop_search (BottegaProductPicker *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

/* ---- public ---- */

void
bottega_product_picker_set_catalog (BottegaProductPicker *self,
                                    BottegaStore         *store,
                                    gint64                account_id)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT_PICKER (self));
  g_return_if_fail (store == NULL || BOTTEGA_IS_STORE (store));

  if (self->store == store && self->products != NULL &&
      bottega_product_list_get_account_id (self->products) == account_id)
    return;

  self->pending = CHOOSE_NONE;
  if (self->products != NULL)
    g_signal_handlers_disconnect_by_data (self->products, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->products);
  g_set_object (&self->store, store);

  if (store != NULL)
    {
      self->products = bottega_product_list_new (store, account_id);
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->products)));
      gtk_single_selection_set_can_unselect (self->selection, FALSE);
      /* The list view follows the model first: then it can scroll. */
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
      g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_items_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->products, "notify::searching", G_CALLBACK (on_searching_changed),
                               self, G_CONNECT_SWAPPED);
    }
  update_empty (self);
}

void
bottega_product_picker_open (BottegaProductPicker *self,
                             gboolean              keep_query)
{
  g_return_if_fail (BOTTEGA_IS_PRODUCT_PICKER (self));

  self->pending = CHOOSE_NONE;
  if (!keep_query)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  if (self->products != NULL)
    bottega_product_list_set_query (self->products, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (self->selection != NULL)
    highlight (self, 0);
  update_empty (self);
  gtk_popover_popup (GTK_POPOVER (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

guint
bottega_product_picker_get_n_shown (BottegaProductPicker *self)
{
  g_return_val_if_fail (BOTTEGA_IS_PRODUCT_PICKER (self), 0);

  return self->selection != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->selection)) : 0;
}

/* ---- GObject ---- */

static void
bottega_product_picker_dispose (GObject *object)
{
  BottegaProductPicker *self = BOTTEGA_PRODUCT_PICKER (object);

  g_clear_handle_id (&self->pending_idle, g_source_remove);
  if (self->products != NULL)
    g_signal_handlers_disconnect_by_data (self->products, self);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->products);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), BOTTEGA_TYPE_PRODUCT_PICKER);
  g_clear_pointer (&self->thumbnails, bottega_product_thumbnails_free);

  G_OBJECT_CLASS (bottega_product_picker_parent_class)->dispose (object);
}

static void
bottega_product_picker_class_init (BottegaProductPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_product_picker_dispose;

  /**
   * BottegaProductPicker::chosen:
   * @product: the BottegaProduct chosen
   * @keep_open: the picker stays open for another one
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                  BOTTEGA_TYPE_PRODUCT, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-product-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaProductPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BottegaProductPicker, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaProductPicker, scroller);
  gtk_widget_class_bind_template_child (widget_class, BottegaProductPicker, list_view);
  gtk_widget_class_bind_template_child (widget_class, BottegaProductPicker, empty_label);
}

static void
bottega_product_picker_init (BottegaProductPicker *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->thumbnails = bottega_product_thumbnails_new (THUMBNAIL_SIZE);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);

  /* Ahead of the entry's own keys: the arrows move in the list, Enter
   * (with or without Ctrl) chooses. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_key_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (on_entry_activate),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (on_stop_search),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate), self, G_CONNECT_SWAPPED);
  update_empty (self);
}

BottegaProductPicker *
bottega_product_picker_new (void)
{
  return g_object_new (BOTTEGA_TYPE_PRODUCT_PICKER, NULL);
}
