/* bottega-conversation-view-private.h: what the conversation view's files
 * share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bottega-composer.h"
#include "bottega-conversation-view.h"
#include "bottega-message-list.h"
#include "bottega-sync-engine.h"
#include "bottega-tail-model.h"

G_BEGIN_DECLS

struct _BottegaConversationView
{
  GtkWidget            parent_instance;

  /* template */
  GtkWidget           *box;
  AdwWindowTitle      *title;
  GtkWidget           *resolve_button;
  GtkImage            *resolve_image;
  GtkLabel            *resolve_label;
  GtkRevealer         *details_revealer;
  GtkMenuButton       *status_button;
  GtkImage            *status_image;
  GtkLabel            *status_label;
  GtkMenuButton       *priority_button;
  GtkLabel            *priority_label;
  GtkCheckButton      *priority_none;
  GtkCheckButton      *priority_low;
  GtkCheckButton      *priority_medium;
  GtkCheckButton      *priority_high;
  GtkCheckButton      *priority_urgent;
  GtkMenuButton       *assignee_button;
  GtkLabel            *assignee_label;
  GtkBox              *assignee_box;
  GtkMenuButton       *labels_button;
  GtkLabel            *labels_label;
  GtkBox              *labels_box;
  GtkStack            *view_stack;
  GtkScrolledWindow   *scroller;
  GtkListView         *message_list_view;
  BottegaComposer     *composer;

  BottegaStore        *store;
  BottegaConversation *conversation;
  BottegaMessageList  *messages;
  /* the newest of them, the ones the list view has: it grows toward older
   * ones as the reader scrolls up (list positions are its positions) */
  BottegaTailModel    *tail;
  GCancellable        *cancellable;

  /* the list items bound now: their day separators follow the list */
  GHashTable          *bound_items;
  guint                days_idle;

  gboolean             stick_to_bottom;
  gboolean             backfilling;
  guint                load_older_idle;   /* older messages asked for, after the layout */
  guint                settle_frames;
  guint                settle_tick;
  guint                target_position;   /* where the settle ticks scroll (a position of
                                           * @tail); G_MAXUINT = the end */
  gboolean             folded;
  gboolean             updating_checks;   /* the header's radios follow the store */

  /* a jump to a message */
  gint64               highlight_id;      /* local message id highlighted now, 0 = none */
  guint                highlight_timeout;
  gint64               jump_remote_id;    /* a quoted message being looked for, 0 = none */
  guint                jump_pages;

  /* labels: Chatwoot replaces the whole set, so toggles go one at a time */
  GStrv                wanted_labels;     /* the set the user asked for, while it is on its way */
  gint64               labels_conversation_id;
  gboolean             labels_in_flight;
  gboolean             labels_again;
};

/* bottega-conversation-view.c */
void               bottega_conversation_view_toast      (BottegaConversationView *self,
                                                         const char              *text);
/* The engine of @conversation's account, or NULL (not connected). */
BottegaSyncEngine *bottega_conversation_view_engine_for (BottegaConversation     *conversation);

/* bottega-conversation-view-header.c */
void bottega_conversation_view_header_class_init      (GtkWidgetClass          *widget_class);
void bottega_conversation_view_header_init            (BottegaConversationView *self);
/* Shows the conversation's status, priority, assignee and labels and
 * enables the actions that apply. */
void bottega_conversation_view_update_header          (BottegaConversationView *self);
/* The store's "conversations-changed": re-reads the shown conversation. */
void bottega_conversation_view_conversations_changed  (BottegaConversationView *self,
                                                       gint64                   account_id,
                                                       BottegaStore            *store);

G_END_DECLS
