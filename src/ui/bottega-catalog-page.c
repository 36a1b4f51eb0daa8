/* bottega-catalog-page.c: browsing and searching an account's product catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bottega-catalog-page.h"
#include "bottega-catalog-sync.h"
#include "bottega-product-list.h"
#include "bottega-product-picker.h"
#include "bottega-text.h"

#define CARD_IMAGE_SIZE   112
#define DETAIL_IMAGE_SIZE 440
/* A skipped line is shown at most this long (a reason quotes a value). */
#define SKIP_LINE_MAX_CHARS 400

struct _BottegaCatalogPage
{
  GtkWidget                 parent_instance;

  /* template */
  AdwLeaflet               *leaflet;
  GtkWidget                *browse_box;
  AdwWindowTitle           *title;
  GtkSearchEntry           *search_entry;
  GtkSpinner               *refresh_spinner;
  GtkLabel                 *source_label;
  GtkLabel                 *error_label;
  GtkWidget                *skipped_button;
  GtkStack                 *content_stack;
  GtkGridView              *grid_view;
  AdwStatusPage            *waiting_page;
  GtkWidget                *details_box;
  GtkStack                 *details_stack;
  GtkWidget                *details_content;
  GtkPicture               *detail_picture;
  GtkLabel                 *detail_name;
  GtkLabel                 *detail_price;
  GtkLabel                 *detail_regular;
  GtkLabel                 *detail_availability;
  GtkWidget                *send_button;
  GtkWidget                *send_hint;
  GtkLabel                 *detail_description;
  AdwActionRow             *brand_row;
  AdwActionRow             *code_row;
  AdwActionRow             *condition_row;
  AdwActionRow             *link_row;

  BottegaStore             *store;
  BottegaAccount           *account;
  BottegaConversation      *conversation;
  BottegaProductList       *products;
  GtkSingleSelection       *selection;
  BottegaProduct           *shown;
  BottegaProductThumbnails *cards;
  BottegaProductThumbnails *pictures;
  GCancellable             *cancellable;
  GtkFileChooserNative     *chooser;
  gboolean                  busy;       /* a refresh or an import runs */
  BottegaCatalogReport     *report;     /* what the last import or refresh here did */
  BottegaCatalogKind        report_kind;
};

G_DEFINE_FINAL_TYPE (BottegaCatalogPage, bottega_catalog_page, GTK_TYPE_WIDGET)

enum {
  CLOSE,
  SEND_PRODUCT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
account_id (BottegaCatalogPage *self)
{
  return self->account != NULL ? bottega_account_get_id (self->account) : 0;
}

/* In the window's toast overlay, which holds the page. Takes @toast. */
static void
add_toast (BottegaCatalogPage *self,
           AdwToast           *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

static void
toast (BottegaCatalogPage *self,
       const char         *message)
{
  add_toast (self, bottega_toast_new (message));
}

/* Only web pages are opened, never file: or anything else a feed holds. */
static const char *
web_link (BottegaProduct *product)
{
  const char *link = product != NULL ? bottega_product_get_link (product) : NULL;
  const char *scheme = link != NULL ? g_uri_peek_scheme (link) : NULL;

  if (scheme == NULL || (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      !bottega_text_link_is_safe (link))
    return NULL;
  return link;
}

static void
update_actions (BottegaCatalogPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "catalog.send", self->shown != NULL && self->conversation != NULL);
  gtk_widget_action_set_enabled (widget, "catalog.open-link", web_link (self->shown) != NULL);
  gtk_widget_action_set_enabled (widget, "catalog.refresh", self->account != NULL && !self->busy);
  gtk_widget_action_set_enabled (widget, "catalog.import", self->account != NULL && !self->busy);
  gtk_widget_set_visible (self->send_hint, self->conversation == NULL);
}

/* ---- the source line and what the page shows ---- */

static char *
describe_source (BottegaCatalogPage       *self,
                 BottegaCatalogSourceInfo *source)
{
  switch (source->kind)
    {
    case BOTTEGA_CATALOG_KIND_GRAPH:
      if (self->account != NULL && bottega_account_get_is_demo (self->account))
        return g_strdup (_("The demo shop’s own catalog"));
      /* Translators: %s is the id of a catalog on Meta's Commerce Manager */
      return g_strdup_printf (_("Meta catalog %s"), source->catalog_id != NULL ? source->catalog_id : "");
    case BOTTEGA_CATALOG_KIND_FEED:
      {
        g_autofree char *name = source->feed_path != NULL ? g_filename_display_basename (source->feed_path)
                                                           : g_strdup ("");

        /* Translators: %s is a file name */
        return g_strdup_printf (_("Product feed “%s”"), name);
      }
    case BOTTEGA_CATALOG_KIND_NONE:
    default:
      return g_strdup (_("No catalog source"));
    }
}

static BottegaCatalogSourceInfo *
read_source (BottegaCatalogPage *self)
{
  g_autoptr(GError) error = NULL;
  BottegaCatalogSourceInfo *source;

  if (self->store == NULL || self->account == NULL)
    return NULL;
  source = bottega_store_get_catalog_source (self->store, account_id (self), &error);
  if (source == NULL && !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
    g_warning ("Cannot read the catalog source: %s", error->message);
  return source;
}

static gboolean
failed_last (BottegaCatalogSourceInfo *source)
{
  return source != NULL && source->last_error != NULL && source->attempted_at >= source->refreshed_at;
}

static void
update_source (BottegaCatalogPage *self)
{
  g_autoptr(BottegaCatalogSourceInfo) source = read_source (self);
  g_autofree char *what = NULL;
  g_autofree char *status = NULL;
  g_autofree char *line = NULL;
  g_autofree char *count = NULL;
  guint n;

  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), self->busy);
  gtk_spinner_set_spinning (self->refresh_spinner, self->busy);

  if (source == NULL)
    {
      adw_window_title_set_subtitle (self->title, "");
      gtk_label_set_text (self->source_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      return;
    }

  n = bottega_store_count_products (self->store, account_id (self));
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product", "%u products", n), n);
  adw_window_title_set_subtitle (self->title, count);

  what = describe_source (self, source);
  if (self->busy)
    status = g_strdup (_("Updating…"));
  else if (source->refreshed_at > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (source->refreshed_at);
      /* Translators: a date and time in the locale's format, as strftime() writes it */
      g_autofree char *text = when != NULL ? g_date_time_format (when, _("%x %X")) : NULL;

      /* Translators: %s is a date and time */
      status = g_strdup_printf (_("Updated %s"), text != NULL ? text : "");
    }
  else if (source->kind != BOTTEGA_CATALOG_KIND_NONE)
    status = g_strdup (_("Not updated yet"));

  /* Translators: where the catalog comes from, then when it was updated */
  line = status != NULL ? g_strdup_printf (C_("catalog source", "%s · %s"), what, status) : g_strdup (what);
  gtk_label_set_text (self->source_label, line);

  if (failed_last (source))
    {
      g_autofree char *failure = NULL;

      /* Translators: %s is the reason */
      failure = g_strdup_printf (_("The last update failed: %s"), source->last_error);
      gtk_label_set_text (self->error_label, failure);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), failed_last (source));
}

static void
update_content (BottegaCatalogPage *self)
{
  g_autoptr(BottegaCatalogSourceInfo) source = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint n = self->selection != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->selection)) : 0;

  if (n > 0 || (self->products != NULL && bottega_product_list_get_searching (self->products)))
    {
      gtk_stack_set_visible_child_name (self->content_stack, "grid");
      return;
    }
  if (self->account != NULL && text[0] != '\0' && bottega_store_count_products (self->store, account_id (self)) > 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "no-results");
      return;
    }

  source = read_source (self);
  if (source == NULL || source->kind == BOTTEGA_CATALOG_KIND_NONE)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "no-catalog");
      return;
    }

  if (self->busy)
    adw_status_page_set_description (self->waiting_page, _("The catalog is being downloaded…"));
  else if (failed_last (source))
    adw_status_page_set_description (self->waiting_page, _("The last update failed: see why above."));
  else
    adw_status_page_set_description (self->waiting_page, _("The catalog source has no products yet."));
  gtk_stack_set_visible_child_name (self->content_stack, "waiting");
}

/* ---- the selected product ---- */

static const char *
condition_label (const char *condition)
{
  if (g_strcmp0 (condition, "new") == 0)
    return C_("product condition", "New");
  if (g_strcmp0 (condition, "refurbished") == 0)
    return C_("product condition", "Refurbished");
  if (g_strcmp0 (condition, "used") == 0)
    return C_("product condition", "Used");
  return NULL;
}

static void
set_fact (AdwActionRow *row,
          const char   *value)
{
  gboolean shown = value != NULL && *value != '\0';

  adw_action_row_set_subtitle (row, shown ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (row), shown);
}

static void
show_product (BottegaCatalogPage *self,
              BottegaProduct     *product)
{
  g_autofree char *picture_name = NULL;
  const char *name;
  const char *description;

  g_set_object (&self->shown, product);
  update_actions (self);
  if (product == NULL)
    {
      gtk_stack_set_visible_child_name (self->details_stack, "none");
      return;
    }

  name = bottega_product_get_name (product);
  description = bottega_product_get_description (product);
  gtk_label_set_text (self->detail_name, name);
  bottega_product_show_price (product, self->detail_price, self->detail_regular, self->detail_availability,
                              self->details_content);
  gtk_label_set_text (self->detail_description, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_description), description != NULL && *description != '\0');
  set_fact (self->brand_row, bottega_product_get_brand (product));
  set_fact (self->code_row, bottega_product_get_retailer_id (product));
  set_fact (self->condition_row, condition_label (bottega_product_get_condition (product)));
  set_fact (self->link_row, web_link (product));

  /* Translators: %s is a product's name */
  picture_name = g_strdup_printf (_("Picture of %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->detail_picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  picture_name, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_picture),
                          bottega_product_get_image_path (product) != NULL);
  /* After: it hides a picture that cannot be shown. */
  bottega_product_thumbnails_show (self->pictures, GTK_WIDGET (self->detail_picture), product);
  gtk_stack_set_visible_child_name (self->details_stack, "product");
}

/* Enter or a click on a card: its details, over the grid when narrow.
 * (Only then: the grid selects what the pointer hovers.) */
static void
open_details (BottegaCatalogPage *self,
              guint               position,
              gboolean            focus_details)
{
  g_autoptr(BottegaProduct) product = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (product == NULL)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  show_product (self, product);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->details_box);
  if (focus_details || adw_leaflet_get_folded (self->leaflet))
    {
      if (gtk_widget_is_sensitive (self->send_button))
        gtk_widget_grab_focus (self->send_button);
      else
        gtk_widget_child_focus (self->details_box, GTK_DIR_TAB_FORWARD);
    }
}

static void
on_grid_activate (BottegaCatalogPage *self,
                  guint               position,
                  GtkGridView        *grid_view)
{
  open_details (self, position, FALSE);
}

/* ---- cards ---- */

static void
setup_card (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            BottegaCatalogPage       *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *prices = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  BottegaProductWidgets *card = bottega_product_widgets_new (box, CARD_IMAGE_SIZE);

  gtk_widget_set_halign (card->image, GTK_ALIGN_CENTER);
  gtk_label_set_wrap (card->name, TRUE);
  gtk_label_set_wrap_mode (card->name, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (card->name, 2);
  gtk_label_set_width_chars (card->name, 12);
  gtk_label_set_max_width_chars (card->name, 16);
  gtk_label_set_yalign (card->name, 0);
  gtk_widget_set_vexpand (GTK_WIDGET (card->name), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (card->price), "heading");
  gtk_widget_add_css_class (GTK_WIDGET (card->availability), "badge");
  gtk_widget_set_halign (GTK_WIDGET (card->availability), GTK_ALIGN_START);

  gtk_box_append (GTK_BOX (prices), GTK_WIDGET (card->price));
  gtk_box_append (GTK_BOX (prices), GTK_WIDGET (card->regular));
  gtk_box_append (GTK_BOX (box), card->image);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (card->name));
  gtk_box_append (GTK_BOX (box), prices);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (card->availability));
  gtk_widget_add_css_class (box, "product-card");
  gtk_list_item_set_child (item, box);
}

static void
bind_card (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           BottegaCatalogPage       *self)
{
  bottega_product_widgets_show (bottega_product_widgets_get (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item), self->cards);
}

static void
unbind_card (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             BottegaCatalogPage       *self)
{
  bottega_product_widgets_show (bottega_product_widgets_get (gtk_list_item_get_child (item)),
                                NULL, self->cards);
}

/* ---- the catalog changes ---- */

static void
on_catalog_changed (BottegaCatalogPage *self,
                    gint64              changed_account_id,
                    BottegaStore       *store)
{
  if (self->account == NULL || changed_account_id != account_id (self))
    return;

  /* The product shown may have a picture now, or be gone. */
  if (self->shown != NULL)
    {
      g_autoptr(BottegaProduct) fresh = bottega_store_get_product (self->store,
                                                                   bottega_product_get_id (self->shown), NULL);

      show_product (self, fresh);
    }
  update_source (self);
  update_content (self);
}

static void
on_items_changed (BottegaCatalogPage *self)
{
  update_content (self);
}

/* ---- searching ---- */

static void
on_search_changed (BottegaCatalogPage *self)
{
  if (self->products != NULL)
    bottega_product_list_set_query (self->products, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_content (self);
}

static void
on_search_activate (BottegaCatalogPage *self)
{
  if (self->selection != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    open_details (self, 0, TRUE);
}

static void
on_stop_search (BottegaCatalogPage *self)
{
  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    g_signal_emit (self, signals[CLOSE], 0);
}

static gboolean
on_search_key_pressed (BottegaCatalogPage    *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "grid") == 0)
    {
      gtk_widget_child_focus (GTK_WIDGET (self->grid_view), GTK_DIR_TAB_FORWARD);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Escape: from the details back to the grid on narrow windows, else out. */
static gboolean
on_escape (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  BottegaCatalogPage *self = BOTTEGA_CATALOG_PAGE (widget);

  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) == self->details_box)
    gtk_widget_activate_action (widget, "catalog.show-grid", NULL);
  else
    g_signal_emit (self, signals[CLOSE], 0);
  return TRUE;
}

/* ---- actions ---- */

static void
close_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE], 0);
}

static void
show_grid_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BottegaCatalogPage *self = BOTTEGA_CATALOG_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->browse_box);
  gtk_widget_child_focus (GTK_WIDGET (self->grid_view), GTK_DIR_TAB_FORWARD);
}

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BottegaCatalogPage *self = BOTTEGA_CATALOG_PAGE (widget);
  g_autoptr(BottegaProduct) product = NULL;

  if (self->shown == NULL || self->conversation == NULL)
    return;
  product = g_object_ref (self->shown);
  g_signal_emit (self, signals[SEND_PRODUCT], 0, product);
}

static void
open_link_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BottegaCatalogPage *self = BOTTEGA_CATALOG_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *link = web_link (self->shown);

  if (link != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, link, GDK_CURRENT_TIME);
}

/* The preferences' catalog page, when there is one. */
static AdwPreferencesPage *
find_catalog_preferences (GtkWidget *widget)
{
  if (ADW_IS_PREFERENCES_PAGE (widget) && g_strcmp0 (adw_preferences_page_get_name (ADW_PREFERENCES_PAGE (widget)), "catalog") == 0)
    return ADW_PREFERENCES_PAGE (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      AdwPreferencesPage *found = find_catalog_preferences (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
settings_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GList) toplevels = NULL;

  if (!gtk_widget_activate_action (widget, "app.preferences", NULL))
    return;

  /* The application keeps one preferences window: that one. */
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_PREFERENCES_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      {
        AdwPreferencesPage *page = find_catalog_preferences (GTK_WIDGET (l->data));

        if (page != NULL)
          adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (l->data), page);
        break;
      }
}

static void
set_busy (BottegaCatalogPage *self,
          gboolean            busy)
{
  self->busy = busy;
  update_actions (self);
  update_source (self);
  update_content (self);
}

/* The report of the last import or refresh, and the button to its
 * details: gone when another one starts or the account changes. */
static void
forget_report (BottegaCatalogPage *self)
{
  g_clear_pointer (&self->report, bottega_catalog_report_free);
  gtk_widget_set_visible (self->skipped_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "catalog.skipped-lines", FALSE);
}

static void
keep_report (BottegaCatalogPage   *self,
             BottegaCatalogReport *report,
             BottegaCatalogKind    kind)
{
  g_autofree char *label = NULL;
  gboolean skipped = report->n_skipped > 0;

  forget_report (self);
  self->report = report;
  self->report_kind = kind;
  if (skipped)
    {
      label = bottega_catalog_report_skipped_label (report, kind);
      gtk_button_set_label (GTK_BUTTON (self->skipped_button), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->skipped_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
    }
  gtk_widget_set_visible (self->skipped_button, skipped);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "catalog.skipped-lines", skipped);
}

static void
skipped_lines_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BottegaCatalogPage *self = BOTTEGA_CATALOG_PAGE (widget);

  if (self->report != NULL && self->report->n_skipped > 0)
    bottega_catalog_report_show_details (widget, self->report, self->report_kind);
}

static void
on_toast_details (BottegaCatalogPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "catalog.skipped-lines", NULL);
}

/* Takes @report. */
static void
catalog_updated (BottegaCatalogPage   *self,
                 BottegaCatalogReport *report,
                 GError               *error,
                 gboolean              import)
{
  g_autofree char *message = NULL;

  set_busy (self, FALSE);
  if (report != NULL)
    {
      g_autoptr(BottegaCatalogSourceInfo) source = import ? NULL : read_source (self);
      AdwToast *report_toast = bottega_catalog_report_toast_new (report);

      keep_report (self, report, source != NULL ? source->kind : BOTTEGA_CATALOG_KIND_FEED);
      /* Its Details button: the same as the one under the source line,
       * which stays for those who cannot reach the toast in time. */
      g_signal_connect_object (report_toast, "button-clicked", G_CALLBACK (on_toast_details),
                               self, G_CONNECT_SWAPPED);
      add_toast (self, report_toast);
      return;
    }

  if (g_error_matches (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_BUSY))
    message = g_strdup (_("The catalog is being updated already; try again in a moment"));
  else
    {
      g_message ("The catalog could not be updated: %s", error->message);
      if (import)
        /* Translators: %s is the reason */
        message = g_strdup_printf (_("The file could not be imported: %s"), error->message);
      else
        /* Translators: %s is the reason */
        message = g_strdup_printf (_("The catalog could not be updated: %s"), error->message);
    }
  toast (self, message);
}

static void
refreshed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BottegaCatalogPage) self = user_data;
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = bottega_catalog_sync_refresh_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  catalog_updated (self, g_steal_pointer (&report), error, FALSE);
}

static void
refresh_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BottegaCatalogPage *self = BOTTEGA_CATALOG_PAGE (widget);

  if (self->store == NULL || self->account == NULL || self->busy)
    return;
  forget_report (self);
  set_busy (self, TRUE);
  bottega_catalog_sync_refresh_async (self->store, self->account, self->cancellable, refreshed, g_object_ref (self));
}

static void
imported (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BottegaCatalogPage) self = user_data;
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = bottega_catalog_sync_import_file_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  catalog_updated (self, g_steal_pointer (&report), error, TRUE);
}

static void
on_chooser_response (BottegaCatalogPage   *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    bottega_catalog_page_import_file (self, file);
}

/* GtkFileChooserNative: through the file chooser portal inside Flatpak. */
static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BottegaCatalogPage *self = BOTTEGA_CATALOG_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) feeds = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL || self->account == NULL)
    return;

  gtk_file_filter_set_name (feeds, _("Product Feeds (CSV, TSV)"));
  gtk_file_filter_add_mime_type (feeds, "text/csv");
  gtk_file_filter_add_mime_type (feeds, "text/tab-separated-values");
  gtk_file_filter_add_suffix (feeds, "csv");
  gtk_file_filter_add_suffix (feeds, "tsv");
  gtk_file_filter_add_suffix (feeds, "txt");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Import Product Feed"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), feeds);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- what an import or a refresh did (shared with the preferences) ---- */

char *
bottega_catalog_report_summary (const BottegaCatalogReport *report)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "The catalog has %u product",
                                             "The catalog has %u products", report->n_products),
                          report->n_products);
  if (report->n_skipped > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u line skipped", "%u lines skipped",
                                                 report->n_skipped),
                              report->n_skipped);
    }
  if (report->n_image_errors > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u picture could not be downloaded",
                                                 "%u pictures could not be downloaded", report->n_image_errors),
                              report->n_image_errors);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

AdwToast *
bottega_catalog_report_toast_new (const BottegaCatalogReport *report)
{
  g_autofree char *summary = NULL;
  AdwToast *toast;

  g_return_val_if_fail (report != NULL, NULL);

  summary = bottega_catalog_report_summary (report);
  toast = bottega_toast_new (summary);
  if (report->n_skipped > 0)
    /* Translators: the button of "The catalog has 12 products · 2 lines
     * skipped" that lists the skipped lines */
    adw_toast_set_button_label (toast, _("Details"));
  return toast;
}

char *
bottega_catalog_report_skipped_label (const BottegaCatalogReport *report,
                                      BottegaCatalogKind          kind)
{
  g_return_val_if_fail (report != NULL, NULL);

  if (kind == BOTTEGA_CATALOG_KIND_GRAPH)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Skipped Item…", "%u Skipped Items…",
                                         report->n_skipped),
                            report->n_skipped);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Skipped Line…", "%u Skipped Lines…",
                                       report->n_skipped),
                          report->n_skipped);
}

/* "Line 13: the price “abc” is not …" on one line, whatever the feed
 * held: the reason quotes the shop's file, and Meta's retailer ids are
 * the shop's too. */
static char *
skip_text (const BottegaCatalogSkip *skip,
           BottegaCatalogKind        kind)
{
  g_autofree char *text = NULL;

  if (kind != BOTTEGA_CATALOG_KIND_GRAPH)
    /* Translators: %u is a line number of the product feed file, %s why
     * the line was left out ("the product has no title") */
    text = g_strdup_printf (_("Line %u: %s"), skip->line, skip->reason);
  else if (skip->retailer_id != NULL)
    /* Translators: %u is a product's position in the catalog on Meta, the
     * first %s its retailer id, the second why it was left out */
    text = g_strdup_printf (_("Item %u (%s): %s"), skip->line, skip->retailer_id, skip->reason);
  else
    /* Translators: %u is a product's position in the catalog on Meta, %s
     * why it was left out */
    text = g_strdup_printf (_("Item %u: %s"), skip->line, skip->reason);
  return bottega_text_one_line (text, SKIP_LINE_MAX_CHARS);
}

static void
on_copy_skipped (GtkButton *button,
                 GtkWindow *window)
{
  const char *text = g_object_get_data (G_OBJECT (window), "bottega-skipped-text");
  GtkWidget *overlay = g_object_get_data (G_OBJECT (window), "bottega-toast-overlay");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_("Copied to clipboard")));
}

static GtkWidget *
skip_row_new (const char *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  /* Plain text: the shop's file is never read as markup. */
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_top (label, 10);
  gtk_widget_set_margin_bottom (label, 10);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  /* Focusable, so that the arrows read the list out line by line. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  return row;
}

GtkWindow *
bottega_catalog_report_show_details (GtkWidget                  *parent,
                                     const BottegaCatalogReport *report,
                                     BottegaCatalogKind          kind)
{
  gboolean graph = kind == BOTTEGA_CATALOG_KIND_GRAPH;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *intro = NULL;
  GtkRoot *root;
  GtkWidget *window;
  GtkWidget *overlay;
  GtkWidget *content;
  GtkWidget *header;
  GtkWidget *copy;
  GtkWidget *scroller;
  GtkWidget *clamp;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *list;
  GtkEventController *shortcuts;
  guint shown;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (report != NULL, NULL);

  root = gtk_widget_get_root (parent);
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), graph ? _("Skipped Items") : _("Skipped Lines"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 480);

  /* Escape closes, as in every dialog. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_tooltip_text (copy, _("Copy the List"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy the List"), -1);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), copy);
  gtk_box_append (GTK_BOX (content), header);

  if (graph)
    intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u item of the catalog was not imported. "
                                          "Correct it on Meta’s Commerce Manager and update the catalog.",
                                          "%u items of the catalog were not imported. "
                                          "Correct them on Meta’s Commerce Manager and update the catalog.",
                                          report->n_skipped),
                             report->n_skipped);
  else
    intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u line of the product feed was not imported. "
                                          "Correct it in the file and import it again.",
                                          "%u lines of the product feed were not imported. "
                                          "Correct them in the file and import it again.",
                                          report->n_skipped),
                             report->n_skipped);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  label = gtk_label_new (intro);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  graph ? _("Skipped Items") : _("Skipped Lines"), -1);
  shown = MIN (report->skipped != NULL ? report->skipped->len : 0, BOTTEGA_CATALOG_MAX_REPORTED);
  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *text = skip_text (g_ptr_array_index (report->skipped, i), kind);

      gtk_list_box_append (GTK_LIST_BOX (list), skip_row_new (text));
      g_string_append (all, text);
      g_string_append_c (all, '\n');
    }
  if (report->n_skipped > shown)
    {
      guint more = report->n_skipped - shown;
      g_autofree char *text = NULL;

      if (graph)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more item", "… and %u more items", more),
                                more);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more line", "… and %u more lines", more),
                                more);
      gtk_list_box_append (GTK_LIST_BOX (list), skip_row_new (text));
      g_string_append (all, text);
      g_string_append_c (all, '\n');
    }
  gtk_box_append (GTK_BOX (box), list);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);

  overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), scroller);
  gtk_box_append (GTK_BOX (content), overlay);
  adw_window_set_content (ADW_WINDOW (window), content);

  g_object_set_data_full (G_OBJECT (window), "bottega-skipped-text", g_string_free (g_steal_pointer (&all), FALSE),
                          g_free);
  g_object_set_data (G_OBJECT (window), "bottega-toast-overlay", overlay);
  g_signal_connect_object (copy, "clicked", G_CALLBACK (on_copy_skipped), window, 0);

  gtk_window_present (GTK_WINDOW (window));
  /* The keyboard on the first line: a screen reader starts reading there. */
  if (gtk_widget_get_first_child (list) != NULL)
    gtk_widget_grab_focus (gtk_widget_get_first_child (list));
  return GTK_WINDOW (window);
}

/* ---- public ---- */

void
bottega_catalog_page_import_file (BottegaCatalogPage *self,
                                  GFile              *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (BOTTEGA_IS_CATALOG_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->store == NULL || self->account == NULL || self->busy)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      toast (self, _("Only files on this computer can be imported"));
      return;
    }
  forget_report (self);
  set_busy (self, TRUE);
  bottega_catalog_sync_import_file_async (self->store, account_id (self), path, self->cancellable,
                                          imported, g_object_ref (self));
}

void
bottega_catalog_page_set_store (BottegaCatalogPage *self,
                                BottegaStore       *store)
{
  g_return_if_fail (BOTTEGA_IS_CATALOG_PAGE (self));
  g_return_if_fail (store == NULL || BOTTEGA_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_catalog_changed, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "catalog-changed", G_CALLBACK (on_catalog_changed), self, G_CONNECT_SWAPPED);

  /* The products come from the store: start again. */
  if (self->account != NULL)
    {
      g_autoptr(BottegaAccount) account = g_object_ref (self->account);

      g_clear_object (&self->account);
      bottega_catalog_page_set_account (self, account);
    }
}

void
bottega_catalog_page_set_account (BottegaCatalogPage *self,
                                  BottegaAccount     *account)
{
  g_return_if_fail (BOTTEGA_IS_CATALOG_PAGE (self));
  g_return_if_fail (account == NULL || BOTTEGA_IS_ACCOUNT (account));

  if (account != NULL && self->account != NULL &&
      bottega_account_get_id (account) == bottega_account_get_id (self->account))
    {
      g_set_object (&self->account, account);
      return;
    }

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_grid_view_set_model (self->grid_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->products);
  g_set_object (&self->account, account);
  show_product (self, NULL);
  forget_report (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  if (account != NULL && self->store != NULL)
    {
      self->products = bottega_product_list_new (self->store, bottega_account_get_id (account));
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->products)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));
      g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_items_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->products, "notify::searching", G_CALLBACK (update_content),
                               self, G_CONNECT_SWAPPED);
    }

  adw_leaflet_set_visible_child (self->leaflet, self->browse_box);
  update_actions (self);
  update_source (self);
  update_content (self);
}

void
bottega_catalog_page_set_conversation (BottegaCatalogPage  *self,
                                       BottegaConversation *conversation)
{
  g_return_if_fail (BOTTEGA_IS_CATALOG_PAGE (self));
  g_return_if_fail (conversation == NULL || BOTTEGA_IS_CONVERSATION (conversation));

  if (g_set_object (&self->conversation, conversation))
    update_actions (self);
}

void
bottega_catalog_page_focus_search (BottegaCatalogPage *self)
{
  g_return_if_fail (BOTTEGA_IS_CATALOG_PAGE (self));

  adw_leaflet_set_visible_child (self->leaflet, self->browse_box);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* ---- GObject ---- */

static void
bottega_catalog_page_dispose (GObject *object)
{
  BottegaCatalogPage *self = BOTTEGA_CATALOG_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_catalog_changed, self);
  if (self->grid_view != NULL)
    gtk_grid_view_set_model (self->grid_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->products);
  g_clear_object (&self->shown);
  g_clear_pointer (&self->report, bottega_catalog_report_free);
  g_clear_object (&self->conversation);
  g_clear_object (&self->account);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), BOTTEGA_TYPE_CATALOG_PAGE);
  g_clear_pointer (&self->cards, bottega_product_thumbnails_free);
  g_clear_pointer (&self->pictures, bottega_product_thumbnails_free);

  G_OBJECT_CLASS (bottega_catalog_page_parent_class)->dispose (object);
}

static void
bottega_catalog_page_finalize (GObject *object)
{
  BottegaCatalogPage *self = BOTTEGA_CATALOG_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bottega_catalog_page_parent_class)->finalize (object);
}

static void
bottega_catalog_page_class_init (BottegaCatalogPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_catalog_page_dispose;
  object_class->finalize = bottega_catalog_page_finalize;

  /**
   * BottegaCatalogPage::close:
   *
   * The user is done with the catalog.
   */
  signals[CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BottegaCatalogPage::send-product:
   * @product: the BottegaProduct to add to the open conversation's reply
   */
  signals[SEND_PRODUCT] = g_signal_new ("send-product", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, BOTTEGA_TYPE_PRODUCT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-catalog-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, browse_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, title);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, source_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, skipped_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, grid_view);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, waiting_page);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, details_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, details_content);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, detail_picture);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, detail_name);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, detail_price);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, detail_regular);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, detail_availability);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, send_hint);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, detail_description);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, brand_row);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, condition_row);
  gtk_widget_class_bind_template_child (widget_class, BottegaCatalogPage, link_row);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_activate);

  gtk_widget_class_install_action (widget_class, "catalog.close", NULL, close_activated);
  gtk_widget_class_install_action (widget_class, "catalog.show-grid", NULL, show_grid_activated);
  gtk_widget_class_install_action (widget_class, "catalog.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "catalog.open-link", NULL, open_link_activated);
  gtk_widget_class_install_action (widget_class, "catalog.settings", NULL, settings_activated);
  gtk_widget_class_install_action (widget_class, "catalog.refresh", NULL, refresh_activated);
  gtk_widget_class_install_action (widget_class, "catalog.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "catalog.skipped-lines", NULL, skipped_lines_activated);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, on_escape, NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "catalogpage");
}

static void
bottega_catalog_page_init (BottegaCatalogPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkEventController *controller;

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cards = bottega_product_thumbnails_new (CARD_IMAGE_SIZE);
  self->pictures = bottega_product_thumbnails_new (DETAIL_IMAGE_SIZE);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_card), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_card), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_card), self);
  gtk_grid_view_set_factory (self->grid_view, factory);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_search_key_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (on_search_activate),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (on_stop_search),
                           self, G_CONNECT_SWAPPED);

  update_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "catalog.skipped-lines", FALSE);
  update_content (self);
}

BottegaCatalogPage *
bottega_catalog_page_new (void)
{
  return g_object_new (BOTTEGA_TYPE_CATALOG_PAGE, NULL);
}
