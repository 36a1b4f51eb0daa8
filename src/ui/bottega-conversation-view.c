/* bottega-conversation-view.c: one conversation: its header, messages and
 * composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bottega-application.h"
#include "bottega-conversation-view-private.h"
#include "bottega-message-row.h"
#include "bottega-window.h"

/* How long a message a jump landed on stays highlighted. */
#define HIGHLIGHT_SECONDS 2
/* Older pages fetched at most while looking for a quoted message. */
#define MAX_JUMP_PAGES    50
/* Messages the list view is given when a conversation opens, and how many
 * older ones join them each time the reader nears the top: GtkListView
 * makes rows for up to 200 items around its anchor, whatever is visible. */
#define WINDOW_MESSAGES   50
#define REVEAL_MESSAGES   50

G_DEFINE_FINAL_TYPE (BottegaConversationView, bottega_conversation_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FOLDED,
  N_PROPS
};

enum {
  BACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void         settle_at_bottom (BottegaConversationView *self);
static void         continue_jump    (BottegaConversationView *self);
static GtkListItem *bound_item_for   (BottegaConversationView *self,
                                      gint64                   message_id);
static gboolean     fits_in_view     (BottegaConversationView *self);
static void         queue_load_older (BottegaConversationView *self);

void
bottega_conversation_view_toast (BottegaConversationView *self,
                                 const char              *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BOTTEGA_IS_WINDOW (root))
    bottega_window_toast (BOTTEGA_WINDOW (root), text);
}

BottegaSyncEngine *
bottega_conversation_view_engine_for (BottegaConversation *conversation)
{
  GApplication *app = g_application_get_default ();

  if (conversation == NULL || !BOTTEGA_IS_APPLICATION (app))
    return NULL;
  return bottega_application_get_engine (BOTTEGA_APPLICATION (app),
                                         bottega_conversation_get_account_id (conversation));
}

/* ---- scrolling ---- */

/* The list view only measures the rows near the view, so "the end" of the
 * adjustment is an estimate: ask the list itself to bring the row in (the
 * newest one for the end). The adjustment is only moved by hand when the
 * list has just laid itself out (@laid_out): before that its values may
 * still describe another model, and GTK 4.8 warns about a position it
 * cannot find. */
static void
scroll_to_target_full (BottegaConversationView *self,
                       gboolean                 laid_out)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkSelectionModel *model = gtk_list_view_get_model (self->message_list_view);
  guint n = model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;

  if (n == 0)
    return;

  if (self->target_position != G_MAXUINT)
    {
      gtk_widget_activate_action (GTK_WIDGET (self->message_list_view), "list.scroll-to-item", "u",
                                  MIN (self->target_position, n - 1));
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (self->message_list_view), "list.scroll-to-item", "u", n - 1);
  if (laid_out)
    gtk_adjustment_set_value (adjustment,
                              gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

static void
scroll_to_target (BottegaConversationView *self)
{
  scroll_to_target_full (self, FALSE);
}

/* Rows are measured over the next frames, and the list keeps its anchor
 * row in place meanwhile: keep pulling the view to the target for a few
 * frames, and do not take those moves for the reader scrolling. */
static gboolean
settle_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (widget);

  scroll_to_target (self);
  if (self->settle_frames > 0)
    self->settle_frames--;
  if (self->settle_frames > 0)
    return G_SOURCE_CONTINUE;

  self->settle_tick = 0;
  self->stick_to_bottom = self->target_position == G_MAXUINT;

  /* A jump lands the keyboard (and a screen reader) on the message. */
  if (self->target_position != G_MAXUINT && self->highlight_id != 0)
    {
      GtkListItem *item = bound_item_for (self, self->highlight_id);

      if (item != NULL)
        gtk_widget_grab_focus (gtk_widget_get_parent (gtk_list_item_get_child (item)));
    }
  return G_SOURCE_REMOVE;
}

static void
settle (BottegaConversationView *self,
        guint                    target_position)
{
  self->target_position = target_position;
  self->stick_to_bottom = target_position == G_MAXUINT;
  self->settle_frames = 8;
  scroll_to_target (self);
  if (self->settle_tick == 0)
    self->settle_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), settle_tick_cb, NULL, NULL);
}

static void
settle_at_bottom (BottegaConversationView *self)
{
  settle (self, G_MAXUINT);
}

static void
on_adjustment_changed (BottegaConversationView *self,
                       GParamSpec              *pspec,
                       GtkAdjustment           *adjustment)
{
  /* The list grows as rows are measured and messages arrive: stay at the
   * newest message unless the reader scrolled up. */
  if (self->stick_to_bottom)
    scroll_to_target_full (self, TRUE);

  if (self->tail != NULL && bottega_tail_model_get_n_older (self->tail) > 0 && fits_in_view (self))
    queue_load_older (self);
}

static void
backfilled (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BottegaConversationView) self = user_data;
  g_autoptr(GError) error = NULL;

  self->backfilling = FALSE;
  if (!bottega_sync_engine_backfill_finish (BOTTEGA_SYNC_ENGINE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Could not load older messages: %s", error->message);
      if (self->jump_remote_id != 0)
        {
          g_autofree char *text = NULL;

          self->jump_remote_id = 0;
          /* Translators: %s says why, e.g. that the server cannot be reached */
          text = g_strdup_printf (_("Could not load the quoted message: %s"), error->message);
          bottega_conversation_view_toast (self, text);
        }
      return;
    }

  if (self->jump_remote_id != 0)
    continue_jump (self);
}

static gboolean
start_backfill (BottegaConversationView *self)
{
  BottegaSyncEngine *engine;

  if (self->backfilling || self->conversation == NULL || self->store == NULL)
    return self->backfilling;
  if (!bottega_store_has_older_messages (self->store, bottega_conversation_get_id (self->conversation)))
    return FALSE;
  if ((engine = bottega_conversation_view_engine_for (self->conversation)) == NULL)
    return FALSE;

  self->backfilling = TRUE;
  bottega_sync_engine_backfill_async (engine, bottega_conversation_get_id (self->conversation),
                                      self->cancellable, backfilled, g_object_ref (self));
  return TRUE;
}

/* Gives the list view up to @count older stored messages, above the ones
 * it has (it keeps its anchor row in place). */
static guint
reveal_older (BottegaConversationView *self,
              guint                    count)
{
  guint revealed = self->tail != NULL ? bottega_tail_model_reveal_older (self->tail, count) : 0;

  /* A settle on its way aims at the same message, now further down. */
  if (revealed > 0 && self->target_position != G_MAXUINT)
    self->target_position += revealed;
  return revealed;
}

static gboolean
near_top (BottegaConversationView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  return gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_page_size (adjustment) / 2;
}

/* The messages shown are too few to fill the view: there is no scrolling
 * up to ask for older ones. */
static gboolean
fits_in_view (BottegaConversationView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double page_size = gtk_adjustment_get_page_size (adjustment);

  return gtk_widget_get_mapped (GTK_WIDGET (self->message_list_view)) &&
         page_size > 0 && gtk_adjustment_get_upper (adjustment) <= page_size;
}

/* Near the top of what is shown: show older stored messages, and once all
 * are shown, ask the server for older ones, until it has none (the store
 * remembers how far it has). Runs after the list's layout, which is what
 * moves the adjustment: the model does not change under it. */
static gboolean
load_older_idle_cb (gpointer user_data)
{
  BottegaConversationView *self = user_data;

  self->load_older_idle = 0;
  if (self->tail == NULL)
    return G_SOURCE_REMOVE;

  if (fits_in_view (self))
    reveal_older (self, REVEAL_MESSAGES);
  else if (self->settle_frames == 0 && near_top (self) && reveal_older (self, REVEAL_MESSAGES) == 0)
    start_backfill (self);

  return G_SOURCE_REMOVE;
}

static void
queue_load_older (BottegaConversationView *self)
{
  if (self->load_older_idle == 0)
    self->load_older_idle = g_idle_add (load_older_idle_cb, self);
}

static void
on_adjustment_value_changed (BottegaConversationView *self,
                             GtkAdjustment           *adjustment)
{
  double bottom;

  if (self->settle_frames > 0)
    return;

  if (near_top (self))
    queue_load_older (self);
  bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  self->stick_to_bottom = gtk_adjustment_get_value (adjustment) >= bottom - 48;
}

/* ---- day separators ---- */

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

/* "Today", "Yesterday", "Monday 17 November", in the user's language. */
static char *
day_text (GDateTime *day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);

  if (same_day (day, now))
    return g_strdup (C_("day separator", "Today"));
  if (same_day (day, yesterday))
    return g_strdup (C_("day separator", "Yesterday"));
  if (g_date_time_get_year (day) == g_date_time_get_year (now))
    /* Translators: a day separator in a conversation, e.g. "Monday 17
     * November"; see the GDateTime format codes */
    return g_date_time_format (day, C_("day separator", "%A %-d %B"));
  /* Translators: a day separator in an earlier year, e.g. "Monday 17
   * November 2025" */
  return g_date_time_format (day, C_("day separator", "%A %-d %B %Y"));
}

static GDateTime *
local_time_of (GListModel *model,
               guint       position)
{
  g_autoptr(BottegaMessage) message = g_list_model_get_item (model, position);
  gint64 created_at = message != NULL ? bottega_message_get_created_at (message) : 0;

  /* Stand-ins for rows not read yet carry no time. */
  return created_at > 0 ? g_date_time_new_from_unix_local (created_at) : NULL;
}

/* The day separator of the message at @list_position of the list view:
 * its day when it is the first message of that day, otherwise NULL. The
 * message before it is looked at in the whole conversation, shown or not,
 * so the first row shown has no separator it should not have. */
static char *
day_separator_at (BottegaConversationView *self,
                  guint                    list_position)
{
  GListModel *model = G_LIST_MODEL (self->messages);
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) before = NULL;
  guint position;

  if (model == NULL || self->tail == NULL)
    return NULL;
  position = bottega_tail_model_to_wrapped (self->tail, list_position);
  if (position >= g_list_model_get_n_items (model))
    return NULL;
  if ((when = local_time_of (model, position)) == NULL)
    return NULL;
  if (position > 0 && (before = local_time_of (model, position - 1)) != NULL && same_day (when, before))
    return NULL;

  return day_text (when);
}

static void
update_day (BottegaConversationView *self,
            GtkListItem             *item)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  g_autofree char *day = NULL;

  if (gtk_list_item_get_item (item) != NULL)
    day = day_separator_at (self, gtk_list_item_get_position (item));
  bottega_message_row_set_day (BOTTEGA_MESSAGE_ROW (row), day);
}

/* Rows keep their binding when messages are added around them (older ones
 * above, a new day below): look at every bound row again. */
static gboolean
update_days_idle (gpointer user_data)
{
  BottegaConversationView *self = user_data;
  GHashTableIter iter;
  gpointer item;

  self->days_idle = 0;
  g_hash_table_iter_init (&iter, self->bound_items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    update_day (self, item);

  return G_SOURCE_REMOVE;
}

static void
queue_update_days (BottegaConversationView *self)
{
  if (self->days_idle == 0)
    self->days_idle = g_idle_add (update_days_idle, self);
}

static void
on_messages_changed (BottegaConversationView *self,
                     guint                    position,
                     guint                    removed,
                     guint                    added,
                     GListModel              *model)
{
  /* @position is in the whole conversation; the list view has followed
   * already (the window's handler runs first). */
  if (self->stick_to_bottom && added > 0)
    settle_at_bottom (self);
  queue_update_days (self);
  /* A jump waiting for its message to show. */
  if (self->jump_remote_id != 0 && added > 0)
    continue_jump (self);
  /* Older messages fetched while the reader is at the top: show them. */
  else if (added > 0 && self->settle_frames == 0 && !self->stick_to_bottom && self->tail != NULL &&
           bottega_tail_model_get_n_older (self->tail) > 0 && near_top (self))
    queue_load_older (self);
}

/* ---- the message rows ---- */

static GtkListItem *
bound_item_for (BottegaConversationView *self,
                gint64                   message_id)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->bound_items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      BottegaMessage *message = gtk_list_item_get_item (item);

      if (message != NULL && bottega_message_get_id (message) == message_id)
        return item;
    }
  return NULL;
}

static void
setup_message (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, GTK_WIDGET (bottega_message_row_new ()));
}

static void
bind_message (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  BottegaConversationView *self = user_data;
  BottegaMessageRow *row = BOTTEGA_MESSAGE_ROW (gtk_list_item_get_child (item));
  BottegaMessage *message = gtk_list_item_get_item (item);

  bottega_message_row_set_message (row, message);
  bottega_message_row_set_highlighted (row, self->highlight_id != 0 &&
                                            bottega_message_get_id (message) == self->highlight_id);
  g_hash_table_add (self->bound_items, item);
  update_day (self, item);
}

static void
unbind_message (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  BottegaConversationView *self = user_data;

  g_hash_table_remove (self->bound_items, item);
  bottega_message_row_set_message (BOTTEGA_MESSAGE_ROW (gtk_list_item_get_child (item)), NULL);
}

/* ---- jumping to a message ---- */

static void
set_highlight (BottegaConversationView *self,
               gint64                   message_id)
{
  GtkListItem *item;

  if (self->highlight_id != 0 && (item = bound_item_for (self, self->highlight_id)) != NULL)
    bottega_message_row_set_highlighted (BOTTEGA_MESSAGE_ROW (gtk_list_item_get_child (item)), FALSE);

  self->highlight_id = message_id;
  if (message_id != 0 && (item = bound_item_for (self, message_id)) != NULL)
    bottega_message_row_set_highlighted (BOTTEGA_MESSAGE_ROW (gtk_list_item_get_child (item)), TRUE);
}

static gboolean
highlight_timeout_cb (gpointer user_data)
{
  BottegaConversationView *self = user_data;

  self->highlight_timeout = 0;
  set_highlight (self, 0);
  return G_SOURCE_REMOVE;
}

/* Scrolls to the message at @position of the whole conversation (showing
 * the older messages down to it first) and highlights it. */
static void
jump_to (BottegaConversationView *self,
         gint64                   message_id,
         guint                    position)
{
  guint list_position;

  if (self->tail == NULL || !bottega_tail_model_reveal_position (self->tail, position))
    return;
  list_position = bottega_tail_model_from_wrapped (self->tail, position);

  /* Leave the bottom: the view stays where the message is. */
  self->stick_to_bottom = FALSE;
  settle (self, list_position);

  set_highlight (self, message_id);
  g_clear_handle_id (&self->highlight_timeout, g_source_remove);
  self->highlight_timeout = g_timeout_add_seconds (HIGHLIGHT_SECONDS, highlight_timeout_cb, self);
}

/* Looks for the message being jumped to (by its remote id). While it is
 * older than what is stored, fetches older pages (a bounded number); once
 * stored, waits for the list to show it (its items-changed comes back
 * here). */
static void
continue_jump (BottegaConversationView *self)
{
  g_autoptr(BottegaMessage) message = NULL;
  gint64 remote_id = self->jump_remote_id;

  if (remote_id == 0 || self->conversation == NULL || self->store == NULL || self->messages == NULL)
    return;

  message = bottega_store_find_message_by_remote_id (self->store,
                                                     bottega_conversation_get_account_id (self->conversation),
                                                     remote_id, NULL);
  if (message != NULL)
    {
      guint position;

      if (bottega_message_get_conversation_id (message) != bottega_conversation_get_id (self->conversation))
        {
          self->jump_remote_id = 0;
          bottega_conversation_view_toast (self, _("The quoted message is in another conversation"));
          return;
        }

      position = bottega_message_list_get_position (self->messages, bottega_message_get_id (message));
      if (position != G_MAXUINT)
        {
          self->jump_remote_id = 0;
          jump_to (self, bottega_message_get_id (message), position);
        }
      return;
    }

  /* A backfill on its way comes back here when it is done. */
  if (self->backfilling)
    return;

  if (self->jump_pages >= MAX_JUMP_PAGES || !start_backfill (self))
    {
      self->jump_remote_id = 0;
      bottega_conversation_view_toast (self, _("The quoted message is no longer available"));
      return;
    }
  self->jump_pages++;
}

static void
show_quoted_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (widget);

  self->jump_remote_id = g_variant_get_int64 (parameter);
  self->jump_pages = 0;
  continue_jump (self);
}

void
bottega_conversation_view_scroll_to_message (BottegaConversationView *self,
                                             gint64                   local_message_id)
{
  g_autoptr(BottegaMessage) message = NULL;
  guint position;

  g_return_if_fail (BOTTEGA_IS_CONVERSATION_VIEW (self));

  if (self->messages == NULL || self->conversation == NULL)
    return;

  position = bottega_message_list_get_position (self->messages, local_message_id);
  if (position != G_MAXUINT)
    {
      self->jump_remote_id = 0;
      jump_to (self, local_message_id, position);
      return;
    }

  /* Not in the list yet (just stored, or being fetched): look for it by its
   * remote id, fetching older pages while needed. */
  if (self->store != NULL &&
      (message = bottega_store_get_message (self->store, local_message_id, NULL)) != NULL &&
      bottega_message_get_conversation_id (message) == bottega_conversation_get_id (self->conversation) &&
      bottega_message_get_remote_id (message) > 0)
    {
      self->jump_remote_id = bottega_message_get_remote_id (message);
      self->jump_pages = 0;
      continue_jump (self);
    }
  else
    g_debug ("Message %" G_GINT64_FORMAT " is not in this conversation", local_message_id);
}

/* ---- reply ---- */

static void
reply_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (widget);
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->conversation == NULL)
    return;

  message = bottega_store_get_message (self->store, g_variant_get_int64 (parameter), &error);
  if (message == NULL)
    {
      g_debug ("Cannot quote a message: %s", error->message);
      return;
    }
  if (bottega_message_get_conversation_id (message) != bottega_conversation_get_id (self->conversation))
    return;

  bottega_composer_set_reply_to (self->composer, message);
  bottega_composer_focus (self->composer);
}

/* Shift+F10 / Menu on a message the list's keyboard focus is on. */
static void
message_menu_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row = NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->message_list_view)))
    return;

  row = gtk_widget_get_ancestor (focus, BOTTEGA_TYPE_MESSAGE_ROW);
  if (row == NULL && BOTTEGA_IS_MESSAGE_ROW (gtk_widget_get_first_child (focus)))
    row = gtk_widget_get_first_child (focus);
  if (row != NULL)
    gtk_widget_activate_action (row, "message.context-menu", NULL);
}

/* ---- public ---- */

void
bottega_conversation_view_set_store (BottegaConversationView *self,
                                     BottegaStore            *store)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (store == NULL || BOTTEGA_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, bottega_conversation_view_conversations_changed, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "conversations-changed", G_CALLBACK (bottega_conversation_view_conversations_changed),
                             self, G_CONNECT_SWAPPED);
  bottega_composer_set_store (self->composer, store);
}

void
bottega_conversation_view_set_conversation (BottegaConversationView *self,
                                            BottegaConversation     *conversation)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  gboolean same;

  g_return_if_fail (BOTTEGA_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (conversation == NULL || BOTTEGA_IS_CONVERSATION (conversation));

  same = self->conversation != NULL && conversation != NULL &&
         bottega_conversation_get_id (self->conversation) == bottega_conversation_get_id (conversation);

  /* The composer first: it writes the previous conversation's draft. */
  bottega_composer_set_conversation (self->composer, conversation);
  g_set_object (&self->conversation, conversation);

  if (!same)
    {
      g_clear_pointer (&self->wanted_labels, g_strfreev);
      self->labels_again = FALSE;
      self->labels_in_flight = FALSE;
      self->jump_remote_id = 0;
      g_clear_handle_id (&self->highlight_timeout, g_source_remove);
      self->highlight_id = 0;
      gtk_menu_button_popdown (self->status_button);
      gtk_menu_button_popdown (self->priority_button);
      gtk_menu_button_popdown (self->assignee_button);
      gtk_menu_button_popdown (self->labels_button);

      g_clear_object (&self->tail);
      g_clear_object (&self->messages);
      if (conversation != NULL && self->store != NULL)
        {
          self->messages = bottega_message_list_new (self->store, bottega_conversation_get_id (conversation));
          /* After the window's own handler: the list view has followed
           * when on_messages_changed looks. */
          g_signal_connect_object (self->messages, "items-changed", G_CALLBACK (on_messages_changed),
                                   self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
          self->tail = bottega_tail_model_new (G_LIST_MODEL (self->messages), WINDOW_MESSAGES);
          selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tail)));
        }
      gtk_list_view_set_model (self->message_list_view, GTK_SELECTION_MODEL (selection));
      self->stick_to_bottom = TRUE;
      gtk_stack_set_visible_child_name (self->view_stack, conversation != NULL ? "conversation" : "empty");
      if (conversation != NULL)
        settle_at_bottom (self);
    }

  bottega_conversation_view_update_header (self);

  if (conversation != NULL)
    bottega_composer_focus (self->composer);
}

static void
on_composer_sent (BottegaConversationView *self)
{
  settle_at_bottom (self);
}

BottegaConversation *
bottega_conversation_view_get_conversation (BottegaConversationView *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION_VIEW (self), NULL);
  return self->conversation;
}

static void
on_back_clicked (BottegaConversationView *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

/* Narrow: the header's buttons keep their icons (and their accessible
 * names and tooltips); the words that matter most, status and priority,
 * stay. */
static void
update_compact (BottegaConversationView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->resolve_label), !self->folded);
  gtk_widget_set_visible (GTK_WIDGET (self->assignee_label), !self->folded);
  gtk_widget_set_visible (GTK_WIDGET (self->labels_label), !self->folded);
}

/* ---- GObject ---- */

static void
bottega_conversation_view_dispose (GObject *object)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (object);

  if (self->settle_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->settle_tick);
  self->settle_tick = 0;
  g_clear_handle_id (&self->days_idle, g_source_remove);
  g_clear_handle_id (&self->load_older_idle, g_source_remove);
  g_clear_handle_id (&self->highlight_timeout, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->bound_items != NULL)
    g_hash_table_remove_all (self->bound_items);
  g_clear_object (&self->tail);
  g_clear_object (&self->messages);
  g_clear_object (&self->conversation);
  g_clear_object (&self->store);
  g_clear_pointer (&self->wanted_labels, g_strfreev);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (bottega_conversation_view_parent_class)->dispose (object);
}

static void
bottega_conversation_view_finalize (GObject *object)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (object);

  g_clear_pointer (&self->bound_items, g_hash_table_unref);

  G_OBJECT_CLASS (bottega_conversation_view_parent_class)->finalize (object);
}

static void
bottega_conversation_view_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_conversation_view_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          update_compact (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_conversation_view_class_init (BottegaConversationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_conversation_view_dispose;
  object_class->finalize = bottega_conversation_view_finalize;
  object_class->get_property = bottega_conversation_view_get_property;
  object_class->set_property = bottega_conversation_view_set_property;

  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BOTTEGA_TYPE_COMPOSER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-conversation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, box);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, title);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, resolve_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, resolve_image);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, resolve_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, status_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, status_image);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, status_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, priority_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, priority_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, priority_none);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, priority_low);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, priority_medium);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, priority_high);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, priority_urgent);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, assignee_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, assignee_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, assignee_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, labels_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, labels_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, labels_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, scroller);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, message_list_view);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, composer);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_composer_sent);

  bottega_conversation_view_header_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "conversation.reply", "x", reply_activated);
  gtk_widget_class_install_action (widget_class, "conversation.show-quoted", "x", show_quoted_activated);
  gtk_widget_class_install_action (widget_class, "conversation.message-menu", NULL, message_menu_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "conversation.message-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "conversation.message-menu", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversationview");
}

/* The header's actions work from anywhere in the window (the list
 * included): they act on the open conversation. */
static void
add_shortcuts (BottegaConversationView *self)
{
  static const struct {
    guint           key;
    GdkModifierType modifiers;
    const char     *action;
    const char     *target;
  } shortcuts[] = {
    { GDK_KEY_r, GDK_CONTROL_MASK, "conversation.resolve", NULL },
    { GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "conversation.reopen", NULL },
    { GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "conversation.pending", NULL },
    { GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "conversation.snooze", "tomorrow" },
    { GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "conversation.edit-labels", NULL },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      GtkShortcut *shortcut;

      shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].key, shortcuts[i].modifiers),
                                   gtk_named_action_new (shortcuts[i].action));
      if (shortcuts[i].target != NULL)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_string (shortcuts[i].target));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
bottega_conversation_view_init (BottegaConversationView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->bound_items = g_hash_table_new (NULL, NULL);
  self->target_position = G_MAXUINT;

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_message), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_message), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_message), self);
  gtk_list_view_set_factory (self->message_list_view, factory);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "notify::upper", G_CALLBACK (on_adjustment_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::page-size", G_CALLBACK (on_adjustment_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_adjustment_value_changed),
                           self, G_CONNECT_SWAPPED);

  add_shortcuts (self);

  bottega_conversation_view_header_init (self);

  self->stick_to_bottom = TRUE;
  bottega_conversation_view_update_header (self);
}
