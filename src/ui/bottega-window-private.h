/* bottega-window-private.h: what the window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-conversation-list.h"
#include "bottega-conversation-view.h"
#include "bottega-customer-pane.h"
#include "bottega-search-view.h"
#include "bottega-window.h"

G_BEGIN_DECLS

struct _BottegaWindow
{
  AdwApplicationWindow     parent_instance;

  /* template */
  AdwToastOverlay         *toast_overlay;
  GtkStack                *stack;
  AdwStatusPage           *welcome_page;
  AdwStatusPage           *error_page;
  AdwLeaflet              *leaflet;
  GtkWidget               *sidebar;
  AdwWindowTitle          *sidebar_title;
  GtkRevealer             *sync_revealer;
  GtkImage                *sync_icon;
  GtkLabel                *sync_label;
  GtkWidget               *sign_in_button;
  GtkSearchEntry          *search_entry;
  GtkMenuButton           *filter_button;
  GtkRevealer             *filter_revealer;
  GtkDropDown             *status_dropdown;
  GtkStack                *list_stack;
  GtkListView             *conversation_list_view;
  AdwStatusPage           *empty_page;
  GtkWidget               *show_all_button;
  BottegaSearchView       *search_view;
  AdwFlap                 *customer_flap;
  BottegaConversationView *conversation_view;
  BottegaCustomerPane     *customer_pane;

  BottegaStore            *store;
  BottegaConversationList *conversations;
  GtkSliceListModel       *revealed;     /* the rows the list may build */
  guint                    reveal_id;    /* tick callback growing it */
  guint                    reveal_ticks;
  GtkSingleSelection      *selection;
  GPtrArray               *engines;
  GSettings               *settings;
  GCancellable            *cancellable;
  gint64                   open_conversation;
  BottegaConversation     *open_item;
  gboolean                 reloading;

  /* filters, as their actions hold them */
  char                    *filter_status;     /* "open" … "snoozed", "all" */
  char                    *filter_assignee;   /* "mine", "unassigned", "all" */
  gboolean                 filter_unread;
  char                    *filter_label;      /* a label title, "" for any */
  char                    *filter_inbox;      /* a local inbox id, "" for any */

  gboolean                 customer_pane_visible;

  /* the rows the list view made, for the clock and the label colours */
  GPtrArray               *rows;
  GHashTable              *label_colors;      /* title → "#RRGGBB" */
  guint                    waiting_threshold;
  guint                    minute_id;

  guint                    mark_read_id;
  /* The user marked the open conversation unread: leave it so. */
  gboolean                 keep_unread;
};

/* bottega-window-filters.c */

/* TRUE when a filter leaves conversations out. */
gboolean bottega_window_filters_narrow      (BottegaWindow *self);
/* The filters as the actions hold them, onto the list and the filter
 * button. */
void     bottega_window_apply_filters       (BottegaWindow *self);
/* GtkMenuButtonCreatePopupFunc of the filter button (@user_data: the
 * window): the menu with the labels and inboxes as they are now. */
void     bottega_window_create_filter_popup (GtkMenuButton *button,
                                             gpointer       user_data);

G_END_DECLS
