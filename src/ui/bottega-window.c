/* bottega-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-application.h"
#include "bottega-catalog-page.h"
#include "bottega-composer.h"
#include "bottega-connect-dialog.h"
#include "bottega-conversation-list.h"
#include "bottega-conversation-row.h"
#include "bottega-conversation-view.h"
#include "bottega-customer-pane.h"
#include "bottega-jump-dialog.h"
#include "bottega-search-view.h"
#include "bottega-sync-actions.h"
#include "bottega-text.h"
#include "bottega-window.h"
#include "bottega-window-private.h"

/* An opened conversation with unread messages is marked read after this
 * long on screen: a glance while moving through the list does not count. */
#define MARK_READ_DELAY_MS 1500

G_DEFINE_FINAL_TYPE (BottegaWindow, bottega_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FILTER_STATUS,
  PROP_FILTER_ASSIGNEE,
  PROP_FILTER_UNREAD,
  PROP_FILTER_LABEL,
  PROP_FILTER_INBOX,
  PROP_CUSTOMER_PANE_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The status filter's names, in the order of the drop-down. */
static const char * const status_names[] = { "open", "pending", "resolved", "snoozed", "all" };

static void open_conversation (BottegaWindow *self, BottegaConversation *conversation);
static void set_page (BottegaWindow *self, const char *page);

static GSettings *
new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Running from a build tree without the compiled schema must not abort. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed; settings will not be kept", APPLICATION_ID);
      return NULL;
    }
  return g_settings_new (APPLICATION_ID);
}

static BottegaSyncEngine *
engine_for_account (BottegaWindow *self,
                    gint64         account_id)
{
  for (guint i = 0; i < self->engines->len; i++)
    {
      BottegaSyncEngine *engine = g_ptr_array_index (self->engines, i);

      if (bottega_account_get_id (bottega_sync_engine_get_account (engine)) == account_id)
        return engine;
    }

  return NULL;
}

/* ---- sync state banner ---- */

static void
update_sync_banner (BottegaWindow *self)
{
  g_autofree char *text = NULL;
  const char *icon = "network-offline-symbolic";
  guint waiting = 0;
  gboolean offline = FALSE;
  gboolean needs_auth = FALSE;
  const char *reason = NULL;

  for (guint i = 0; i < self->engines->len; i++)
    {
      BottegaSyncEngine *engine = g_ptr_array_index (self->engines, i);
      BottegaAccount *account = bottega_sync_engine_get_account (engine);

      if (self->store != NULL)
        waiting += bottega_store_outbox_count (self->store, bottega_account_get_id (account));
      switch (bottega_sync_engine_get_state (engine))
        {
        case BOTTEGA_SYNC_STATE_OFFLINE:
          offline = TRUE;
          reason = bottega_sync_engine_get_last_error (engine);
          break;
        case BOTTEGA_SYNC_STATE_NEEDS_AUTH:
          needs_auth = TRUE;
          break;
        case BOTTEGA_SYNC_STATE_IDLE:
        case BOTTEGA_SYNC_STATE_SYNCING:
        case BOTTEGA_SYNC_STATE_ONLINE:
        default:
          break;
        }
    }

  if (needs_auth)
    {
      icon = "dialog-password-symbolic";
      text = g_strdup (_("The server refused the access token. Your conversations and replies are kept; connect again with a new token to resume."));
    }
  else if (offline)
    {
      if (waiting > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Offline — %u reply waits to be sent",
                                             "Offline — %u replies wait to be sent", waiting),
                                waiting);
      else
        text = g_strdup (_("Offline — showing what is stored on this computer"));
      if (reason != NULL)
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_label), reason);
    }

  gtk_widget_set_visible (self->sign_in_button, needs_auth);
  gtk_image_set_from_icon_name (self->sync_icon, icon);
  gtk_label_set_text (self->sync_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->sync_revealer, text != NULL);
}

/* ---- filters (see also bottega-window-filters.c) ---- */

static void
set_string_filter (BottegaWindow  *self,
                   char          **field,
                   const char     *value,
                   int             prop_id)
{
  if (g_strcmp0 (*field, value != NULL ? value : "") == 0)
    return;

  g_free (*field);
  *field = g_strdup (value != NULL ? value : "");
  bottega_window_apply_filters (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_filter_status (BottegaWindow *self,
                   const char    *status)
{
  guint index = G_N_ELEMENTS (status_names) - 1;

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (status, status_names[i]) == 0)
      index = i;

  set_string_filter (self, &self->filter_status, status_names[index], PROP_FILTER_STATUS);
  if (gtk_drop_down_get_selected (self->status_dropdown) != index)
    gtk_drop_down_set_selected (self->status_dropdown, index);
}

static void
on_status_selected (BottegaWindow *self)
{
  guint index = gtk_drop_down_get_selected (self->status_dropdown);

  if (index < G_N_ELEMENTS (status_names))
    set_filter_status (self, status_names[index]);
}

static void
set_filter_assignee (BottegaWindow *self,
                     const char    *assignee)
{
  if (g_strcmp0 (assignee, "mine") != 0 && g_strcmp0 (assignee, "unassigned") != 0)
    assignee = "all";

  set_string_filter (self, &self->filter_assignee, assignee, PROP_FILTER_ASSIGNEE);
}

static void
set_filter_unread (BottegaWindow *self,
                   gboolean       unread)
{
  if (self->filter_unread == !!unread)
    return;

  self->filter_unread = !!unread;
  bottega_window_apply_filters (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_UNREAD]);
}

static void
clear_filters_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BottegaWindow *self = BOTTEGA_WINDOW (widget);

  set_filter_assignee (self, "all");
  set_filter_unread (self, FALSE);
  set_string_filter (self, &self->filter_label, "", PROP_FILTER_LABEL);
  set_string_filter (self, &self->filter_inbox, "", PROP_FILTER_INBOX);
  set_filter_status (self, "all");
}

/* ---- the conversation list ---- */

/* GTK 4.8 may drop a row without tearing it down (when the list empties):
 * the array of rows follows the rows' lives, not the factory's signals. */
static void
row_finalized (gpointer  user_data,
               GObject  *row)
{
  BottegaWindow *self = user_data;

  if (self->rows != NULL)
    g_ptr_array_remove_fast (self->rows, row);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           BottegaWindow            *self)
{
  BottegaConversationRow *row = bottega_conversation_row_new ();

  bottega_conversation_row_set_label_colors (row, self->label_colors);
  bottega_conversation_row_set_waiting_threshold (row, self->waiting_threshold);
  g_ptr_array_add (self->rows, row);
  g_object_weak_ref (G_OBJECT (row), row_finalized, self);
  gtk_list_item_set_child (item, GTK_WIDGET (row));
}

static void
teardown_row (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              BottegaWindow            *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  if (row != NULL && self->rows != NULL && g_ptr_array_remove_fast (self->rows, row))
    g_object_weak_unref (G_OBJECT (row), row_finalized, self);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          BottegaWindow            *self)
{
  BottegaConversationRow *row = BOTTEGA_CONVERSATION_ROW (gtk_list_item_get_child (item));

  bottega_conversation_row_set_conversation (row, gtk_list_item_get_item (item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            BottegaWindow            *self)
{
  BottegaConversationRow *row = BOTTEGA_CONVERSATION_ROW (gtk_list_item_get_child (item));

  bottega_conversation_row_set_conversation (row, NULL);
}

/* One clock for the whole list: waiting times and "Yesterday" move on. */
static gboolean
on_minute (gpointer user_data)
{
  BottegaWindow *self = user_data;
  GtkWidget *list = GTK_WIDGET (self->conversation_list_view);
  int height = gtk_widget_get_height (list);

  /* Only the rows on screen: GTK 4.8 keeps up to 200 rows built, and
   * rebuilding every one of them each minute woke the idle app (and the
   * renderer) for hundreds of context switches. A row scrolled into view
   * later is at most a minute behind. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (row) ||
          !gtk_widget_compute_bounds (row, list, &bounds) ||
          bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        continue;
      bottega_conversation_row_refresh_time (BOTTEGA_CONVERSATION_ROW (row));
    }

  return G_SOURCE_CONTINUE;
}

static void
on_waiting_threshold_changed (BottegaWindow *self)
{
  self->waiting_threshold = g_settings_get_uint (self->settings, "waiting-threshold-minutes");
  for (guint i = 0; i < self->rows->len; i++)
    bottega_conversation_row_set_waiting_threshold (g_ptr_array_index (self->rows, i), self->waiting_threshold);
}

/* The label colours of every account, in the table the rows share. */
static void
load_label_colors (BottegaWindow *self)
{
  g_autoptr(GHashTable) fresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean changed = FALSE;
  GHashTableIter iter;
  gpointer key, value;

  for (guint a = 0; self->store != NULL && a < self->engines->len; a++)
    {
      BottegaAccount *account = bottega_sync_engine_get_account (g_ptr_array_index (self->engines, a));
      g_autoptr(GPtrArray) labels = bottega_store_list_labels (self->store, bottega_account_get_id (account), NULL);

      for (guint i = 0; labels != NULL && i < labels->len; i++)
        {
          BottegaLabel *label = g_ptr_array_index (labels, i);

          if (bottega_label_get_title (label) != NULL && bottega_label_get_color (label) != NULL)
            g_hash_table_insert (fresh, g_strdup (bottega_label_get_title (label)),
                                 g_strdup (bottega_label_get_color (label)));
        }
    }

  if (g_hash_table_size (fresh) != g_hash_table_size (self->label_colors))
    changed = TRUE;
  g_hash_table_iter_init (&iter, fresh);
  while (!changed && g_hash_table_iter_next (&iter, &key, &value))
    changed = g_strcmp0 (g_hash_table_lookup (self->label_colors, key), value) != 0;
  if (!changed)
    return;

  /* The rows hold this very table. */
  g_hash_table_remove_all (self->label_colors);
  g_hash_table_iter_init (&iter, fresh);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->label_colors, g_strdup (key), g_strdup (value));
  for (guint i = 0; i < self->rows->len; i++)
    bottega_conversation_row_refresh_time (g_ptr_array_index (self->rows, i));
}

static void
update_empty_page (BottegaWindow *self,
                   guint          n)
{
  /* Counting the store is only worth it when the list is empty. */
  gboolean filtered = n == 0 && bottega_window_filters_narrow (self) && self->store != NULL &&
                      bottega_store_count_conversations (self->store, 0) > 0;
  g_autofree char *subtitle = NULL;

  if (filtered)
    {
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Matching Conversations"));
      adw_status_page_set_description (self->empty_page, _("No conversation matches these filters"));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "chat-message-new-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Conversations Yet"));
      adw_status_page_set_description (self->empty_page, _("Conversations appear here as soon as they are synced"));
    }
  gtk_widget_set_visible (self->show_all_button, filtered);

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conversation", "%u conversations", n), n);
  adw_window_title_set_subtitle (self->sidebar_title, self->store != NULL ? subtitle : NULL);
}

static gboolean
searching (BottegaWindow *self)
{
  return bottega_search_view_get_query (self->search_view)[0] != '\0';
}

static void
update_list_page (BottegaWindow *self)
{
  guint n = self->conversations != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->conversations)) : 0;

  if (searching (self))
    gtk_stack_set_visible_child_name (self->list_stack, "search");
  else
    gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
  update_empty_page (self, n);
}

/* The list reloads as the store changes; the selection then moves with
 * positions, not with conversations. Until the open one is selected again,
 * selection changes are not the user's. */
/* GTK 4.8's list view builds up to 200 rows for a long model, whatever
 * the window shows: that was most of the start-up time of a big store and
 * 27 MB of row widgets. The list holds a first screen of rows, and grows by
 * a chunk when the reader (or the keyboard's focus) nears its end; a
 * position further down (Ctrl+K, a search hit, the open conversation)
 * grows it to there. */
#define REVEAL_CHUNK_ROWS 40
#define ROW_HEIGHT_AT_LEAST 56  /* px: a conversation row with one line of text */

/* Enough rows to fill the window's height from the top. */
static guint
first_screen_rows (BottegaWindow *self)
{
  int width = 0, height = 0;

  /* (GTK 4.8 does not take NULL for the width.) */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  return (guint) MAX (height, 720) / ROW_HEIGHT_AT_LEAST + 2;
}

static gboolean
all_revealed (BottegaWindow *self)
{
  return self->revealed == NULL || self->conversations == NULL ||
         gtk_slice_list_model_get_size (self->revealed) >=
         g_list_model_get_n_items (G_LIST_MODEL (self->conversations));
}

/* Less than a screen of rows left below the view. */
static gboolean
near_the_end (BottegaWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->conversation_list_view));
  double page = gtk_adjustment_get_page_size (adjustment);

  return gtk_adjustment_get_value (adjustment) + 2 * page >= gtk_adjustment_get_upper (adjustment);
}

/* Runs before the next frame's layout: the model never changes while the
 * list is being allocated. */
static gboolean
reveal_rows (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  BottegaWindow *self = user_data;

  /* At start-up, the first frame goes out with the first screen only. */
  if (self->reveal_ticks++ < 2)
    return G_SOURCE_CONTINUE;

  if (all_revealed (self) || !near_the_end (self))
    {
      self->reveal_id = 0;
      return G_SOURCE_REMOVE;
    }
  gtk_slice_list_model_set_size (self->revealed,
                                 gtk_slice_list_model_get_size (self->revealed) + REVEAL_CHUNK_ROWS);
  /* Again next frame, once the new rows are measured, if the view is
   * still near the end. */
  return G_SOURCE_CONTINUE;
}

static void
maybe_reveal_rows (BottegaWindow *self)
{
  if (self->reveal_id != 0 || all_revealed (self) || !near_the_end (self))
    return;
  self->reveal_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->conversation_list_view),
                                                  reveal_rows, self, NULL);
}

/* Rows through @position and a chunk after it. */
static void
reveal_through (BottegaWindow *self,
                guint          position)
{
  if (self->revealed == NULL || position == G_MAXUINT)
    return;
  if (position >= gtk_slice_list_model_get_size (self->revealed))
    gtk_slice_list_model_set_size (self->revealed, position + REVEAL_CHUNK_ROWS);
}

static void
on_conversations_changing (BottegaWindow *self,
                           guint          position,
                           guint          removed,
                           guint          added,
                           GListModel    *model)
{
  self->reloading = TRUE;
  /* Labels come with the conversations that use them. */
  load_label_colors (self);
}

static void
on_conversations_changed (BottegaWindow *self,
                          guint          position,
                          guint          removed,
                          guint          added,
                          GListModel    *model)
{
  self->reloading = FALSE;
  update_list_page (self);

  /* The list reloads when the store changes: keep the open conversation
   * highlighted. */
  if (self->open_conversation != 0)
    {
      guint found = bottega_conversation_list_find (self->conversations, self->open_conversation);

      reveal_through (self, found);
      if (found != G_MAXUINT && gtk_single_selection_get_selected (self->selection) != found)
        gtk_single_selection_set_selected (self->selection, found);
      else if (found == G_MAXUINT && gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
        gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
    }
}

/* ---- reading: marking read and unread ---- */

typedef struct {
  BottegaWindow *self;
  gboolean       read;
} ChangeData;

static void
on_read_changed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ChangeData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!bottega_sync_engine_change_conversation_finish (BOTTEGA_SYNC_ENGINE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (data->read
                              /* Translators: %s is the reason */
                              ? _("Cannot mark the conversation as read: %s")
                              /* Translators: %s is the reason */
                              : _("Cannot mark the conversation as unread: %s"),
                              error->message);
      bottega_window_toast (data->self, text);
    }

  g_object_unref (data->self);
  g_free (data);
}

static void
change_read_state (BottegaWindow       *self,
                   BottegaConversation *conversation,
                   gboolean             read)
{
  BottegaConversationChange change = { 0 };
  BottegaSyncEngine *engine;
  ChangeData *data;

  engine = engine_for_account (self, bottega_conversation_get_account_id (conversation));
  if (engine == NULL)
    {
      bottega_window_toast (self, _("This conversation's account is not connected"));
      return;
    }

  change.action = read ? BOTTEGA_CONVERSATION_ACTION_MARK_READ : BOTTEGA_CONVERSATION_ACTION_MARK_UNREAD;
  data = g_new0 (ChangeData, 1);
  data->self = g_object_ref (self);
  data->read = read;
  bottega_sync_engine_change_conversation_async (engine, conversation, &change, self->cancellable,
                                                 on_read_changed, data);
}

static gboolean
conversation_on_screen (BottegaWindow *self)
{
  if (!gtk_window_is_active (GTK_WINDOW (self)) ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") != 0)
    return FALSE;

  /* On a narrow window the list may be showing instead. */
  return !adw_leaflet_get_folded (self->leaflet) ||
         adw_leaflet_get_visible_child (self->leaflet) != self->sidebar;
}

static gboolean
on_mark_read_timeout (gpointer user_data)
{
  BottegaWindow *self = user_data;

  self->mark_read_id = 0;
  if (self->open_item == NULL || self->keep_unread ||
      bottega_conversation_get_unread_count (self->open_item) <= 0)
    return G_SOURCE_REMOVE;

  /* Not seen yet: the window's focus or the leaflet brings it back here. */
  if (!conversation_on_screen (self))
    return G_SOURCE_REMOVE;

  change_read_state (self, self->open_item, TRUE);
  return G_SOURCE_REMOVE;
}

static void
schedule_mark_read (BottegaWindow *self)
{
  g_clear_handle_id (&self->mark_read_id, g_source_remove);

  if (self->open_item == NULL || self->keep_unread ||
      bottega_conversation_get_unread_count (self->open_item) <= 0 ||
      !conversation_on_screen (self))
    return;

  self->mark_read_id = g_timeout_add (MARK_READ_DELAY_MS, on_mark_read_timeout, self);
}

/* The conversation with that local id: the list's own object when it is
 * listed (it stays up to date), else a fresh read. */
static BottegaConversation *
lookup_conversation (BottegaWindow *self,
                     gint64         conversation_id,
                     guint         *position)
{
  g_autoptr(GError) error = NULL;
  BottegaConversation *conversation;
  guint found = G_MAXUINT;

  if (self->conversations != NULL)
    found = bottega_conversation_list_find (self->conversations, conversation_id);
  if (position != NULL)
    *position = found;
  if (found != G_MAXUINT)
    return g_list_model_get_item (G_LIST_MODEL (self->conversations), found);

  if (self->store == NULL)
    return NULL;
  conversation = bottega_store_get_conversation (self->store, conversation_id, &error);
  if (conversation == NULL &&
      !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND) &&
      !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
    g_warning ("Cannot read a conversation: %s", error->message);

  return conversation;
}

static void
mark_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BottegaWindow *self = BOTTEGA_WINDOW (widget);
  gboolean read = g_str_equal (action_name, "win.mark-read");
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(BottegaConversation) conversation = NULL;

  if (id == 0)
    id = self->open_conversation;
  if (id == 0)
    return;

  conversation = lookup_conversation (self, id, NULL);
  if (conversation == NULL)
    return;

  /* The user's word wins over the automatic marking while it stays open. */
  if (id == self->open_conversation)
    {
      self->keep_unread = !read;
      g_clear_handle_id (&self->mark_read_id, g_source_remove);
    }

  change_read_state (self, conversation, read);
}

/* ---- opening a conversation ---- */

static void
on_open_unread_changed (BottegaWindow *self)
{
  schedule_mark_read (self);
}

static void
open_conversation (BottegaWindow       *self,
                   BottegaConversation *conversation)
{
  gint64 id = bottega_conversation_get_id (conversation);

  if (id != self->open_conversation)
    self->keep_unread = FALSE;
  self->open_conversation = id;

  if (self->open_item != conversation)
    {
      if (self->open_item != NULL)
        g_signal_handlers_disconnect_by_func (self->open_item, on_open_unread_changed, self);
      g_set_object (&self->open_item, conversation);
      g_signal_connect_object (conversation, "notify::unread-count",
                               G_CALLBACK (on_open_unread_changed), self, G_CONNECT_SWAPPED);
    }

  bottega_conversation_view_set_conversation (self->conversation_view, conversation);
  bottega_customer_pane_set_conversation (self->customer_pane, conversation);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "last-conversation", self->open_conversation);

  schedule_mark_read (self);
}

/* Brings the selected row into view. A list that is not on screen (the
 * leaflet shows the conversation, or the search its results) has no rows
 * to scroll to: it scrolls when it comes back. */
static void
scroll_to_selected (BottegaWindow *self)
{
  guint position;

  if (self->selection == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->conversation_list_view)))
    return;

  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION ||
      position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;

  gtk_widget_activate_action (GTK_WIDGET (self->conversation_list_view), "list.scroll-to-item", "u", position);
}

static void
select_position (BottegaWindow *self,
                 guint          position)
{
  if (position != GTK_INVALID_LIST_POSITION)
    reveal_through (self, position);
  gtk_single_selection_set_selected (self->selection, position);
  scroll_to_selected (self);
}

/* Opens the conversation @conversation_id (selected in the list when the
 * filters show it). FALSE when it is not in the store. */
static gboolean
open_conversation_by_id (BottegaWindow *self,
                         gint64         conversation_id)
{
  g_autoptr(BottegaConversation) conversation = NULL;
  guint position;

  conversation = lookup_conversation (self, conversation_id, &position);
  if (conversation == NULL)
    return FALSE;

  if (position != G_MAXUINT)
    {
      /* Selecting opens it. */
      select_position (self, position);
      if (self->open_conversation != conversation_id)
        open_conversation (self, conversation);
    }
  else
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      open_conversation (self, conversation);
    }

  return TRUE;
}

static void
on_conversation_activated (BottegaWindow *self,
                           guint          position)
{
  g_autoptr(BottegaConversation) conversation = NULL;

  conversation = g_list_model_get_item (G_LIST_MODEL (self->conversations), position);
  if (conversation != NULL)
    open_conversation (self, conversation);
}

/* Selecting a row (arrow keys, a screen reader's selection) opens it too. */
static void
on_selection_changed (BottegaWindow      *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  BottegaConversation *conversation = gtk_single_selection_get_selected_item (selection);

  if (self->reloading || conversation == NULL || bottega_conversation_get_id (conversation) == self->open_conversation)
    return;
  open_conversation (self, conversation);
}

static void
on_pane_open_conversation (BottegaWindow *self,
                           gint64         conversation_id)
{
  open_conversation_by_id (self, conversation_id);
}

static void
open_conversation_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  BottegaWindow *self = BOTTEGA_WINDOW (widget);

  open_conversation_by_id (self, g_variant_get_int64 (parameter));
}

/* Alt+Down / Alt+Up: the next or previous conversation of the list. */
static void
step_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BottegaWindow *self = BOTTEGA_WINDOW (widget);
  int delta = g_str_equal (action_name, "win.next-conversation") ? 1 : -1;
  guint selected, n;

  if (self->conversations == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));
  selected = gtk_single_selection_get_selected (self->selection);
  if (n == 0)
    return;

  if (selected == GTK_INVALID_LIST_POSITION || selected >= n)
    select_position (self, delta > 0 ? 0 : n - 1);
  else if (delta > 0 && selected + 1 < n)
    select_position (self, selected + 1);
  else if (delta < 0 && selected > 0)
    select_position (self, selected - 1);
  else
    gtk_widget_error_bell (widget);
}

/* Shift+F10 and the Menu key open the focused row's menu. */
static gboolean
popup_row_menu (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  BottegaWindow *self = user_data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *list = GTK_WIDGET (self->conversation_list_view);
  GtkWidget *child;

  while (focus != NULL && gtk_widget_get_parent (focus) != list)
    focus = gtk_widget_get_parent (focus);
  if (focus == NULL)
    return FALSE;

  for (child = gtk_widget_get_first_child (focus); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (BOTTEGA_IS_CONVERSATION_ROW (child))
      {
        bottega_conversation_row_popup_menu (BOTTEGA_CONVERSATION_ROW (child), -1, -1);
        return TRUE;
      }

  return FALSE;
}

/* ---- search ---- */

static void
on_search_changed (BottegaWindow *self)
{
  bottega_search_view_set_query (self->search_view, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_revealer_set_reveal_child (self->filter_revealer, !searching (self));
  update_list_page (self);
}

static void
clear_search (BottegaWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  on_search_changed (self);
}

/* The keyboard goes back to the list, onto the selected conversation's row
 * when it is on screen: the list view alone would focus the row the
 * keyboard last visited, not the one opened from a search or Ctrl+K. */
static void
focus_list (BottegaWindow *self)
{
  BottegaConversation *selected = NULL;

  if (self->selection != NULL)
    selected = gtk_single_selection_get_selected_item (self->selection);

  for (guint i = 0; selected != NULL && self->rows != NULL && i < self->rows->len; i++)
    {
      BottegaConversationRow *row = g_ptr_array_index (self->rows, i);
      BottegaConversation *shown = bottega_conversation_row_get_conversation (row);
      GtkWidget *item = gtk_widget_get_parent (GTK_WIDGET (row));

      if (shown != NULL && bottega_conversation_get_id (shown) == bottega_conversation_get_id (selected) &&
          item != NULL && gtk_widget_get_mapped (item) && gtk_widget_grab_focus (item))
        return;
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->conversation_list_view));
}

/* Escape in the search: back to the list. */
static void
on_stop_search (BottegaWindow *self)
{
  clear_search (self);
  focus_list (self);
}

/* Enter in the search: to the results. */
static void
on_search_activate (BottegaWindow *self)
{
  bottega_search_view_focus_first (self->search_view);
}

static gboolean
on_search_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       BottegaWindow         *self)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) == 0 &&
      searching (self))
    return bottega_search_view_focus_first (self->search_view);

  return GDK_EVENT_PROPAGATE;
}

static void
on_search_result (BottegaWindow *self,
                  gint64         conversation_id,
                  gint64         message_id)
{
  if (!open_conversation_by_id (self, conversation_id))
    {
      bottega_window_toast (self, _("This conversation is no longer on this computer"));
      return;
    }

  bottega_conversation_view_scroll_to_message (self->conversation_view, message_id);
}

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BottegaWindow *self = BOTTEGA_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") != 0)
    return;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* ---- jumping ---- */

static void
on_jump_chosen (BottegaWindow *self,
                gint64         conversation_id)
{
  if (!open_conversation_by_id (self, conversation_id))
    bottega_window_toast (self, _("This conversation is no longer on this computer"));
}

static void
jump_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BottegaWindow *self = BOTTEGA_WINDOW (widget);
  BottegaJumpDialog *dialog;

  if (self->store == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") != 0)
    return;

  dialog = bottega_jump_dialog_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (dialog, "conversation-chosen", G_CALLBACK (on_jump_chosen), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the product catalog: a page of the window's stack ---- */

/* The open conversation's composer. */
static BottegaComposer *
open_composer (BottegaWindow *self)
{
  GObject *composer = gtk_widget_get_template_child (GTK_WIDGET (self->conversation_view),
                                                     BOTTEGA_TYPE_CONVERSATION_VIEW, "composer");

  return BOTTEGA_IS_COMPOSER (composer) ? BOTTEGA_COMPOSER (composer) : NULL;
}

static void
on_catalog_close (BottegaWindow *self)
{
  BottegaComposer *composer = open_composer (self);

  set_page (self, "main");
  if (bottega_conversation_view_get_conversation (self->conversation_view) != NULL && composer != NULL)
    bottega_composer_focus (composer);
  else
    focus_list (self);
}

static void
on_catalog_send_product (BottegaWindow  *self,
                         BottegaProduct *product)
{
  BottegaComposer *composer = open_composer (self);

  set_page (self, "main");
  if (composer == NULL || bottega_conversation_view_get_conversation (self->conversation_view) == NULL)
    return;
  bottega_composer_focus (composer);
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.add-product", "x",
                              bottega_product_get_id (product));
}

/* win.catalog: the catalog of the open conversation's account (or of the
 * first account), the keyboard in its search. */
static void
catalog_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BottegaWindow *self = BOTTEGA_WINDOW (widget);
  BottegaConversation *conversation = bottega_conversation_view_get_conversation (self->conversation_view);
  BottegaSyncEngine *engine = NULL;
  GtkWidget *page;
  const char *shown = gtk_stack_get_visible_child_name (self->stack);

  if (self->store == NULL || (g_strcmp0 (shown, "main") != 0 && g_strcmp0 (shown, "catalog") != 0))
    return;

  if (conversation != NULL)
    engine = engine_for_account (self, bottega_conversation_get_account_id (conversation));
  if (engine == NULL && self->engines->len > 0)
    engine = g_ptr_array_index (self->engines, 0);
  if (engine == NULL)
    {
      bottega_window_toast (self, _("Connect an account to see its product catalog"));
      return;
    }

  page = gtk_stack_get_child_by_name (self->stack, "catalog");
  if (page == NULL)
    {
      page = GTK_WIDGET (bottega_catalog_page_new ());
      g_signal_connect_object (page, "close", G_CALLBACK (on_catalog_close), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "send-product", G_CALLBACK (on_catalog_send_product),
                               self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->stack, page, "catalog");
    }
  bottega_catalog_page_set_store (BOTTEGA_CATALOG_PAGE (page), self->store);
  bottega_catalog_page_set_account (BOTTEGA_CATALOG_PAGE (page), bottega_sync_engine_get_account (engine));
  bottega_catalog_page_set_conversation (BOTTEGA_CATALOG_PAGE (page), conversation);
  set_page (self, "catalog");
  bottega_catalog_page_focus_search (BOTTEGA_CATALOG_PAGE (page));
}

/* ---- back ---- */

static void
on_back (BottegaWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean in_sidebar = focus != NULL && gtk_widget_is_ancestor (focus, self->sidebar);
  gboolean list_shown = !adw_leaflet_get_folded (self->leaflet) ||
                        adw_leaflet_get_visible_child (self->leaflet) == self->sidebar;

  /* Escape in the sidebar ends a search. */
  if (searching (self) && in_sidebar && list_shown)
    {
      clear_search (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return;
    }

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  if (!searching (self) || !bottega_search_view_focus_first (self->search_view))
    focus_list (self);
}

/* ---- the store and the accounts ---- */

void
bottega_window_add_engine (BottegaWindow     *self,
                           BottegaSyncEngine *engine)
{
  g_return_if_fail (BOTTEGA_IS_WINDOW (self));
  g_return_if_fail (BOTTEGA_IS_SYNC_ENGINE (engine));

  g_ptr_array_add (self->engines, g_object_ref (engine));
  g_signal_connect_object (engine, "notify::state", G_CALLBACK (update_sync_banner),
                           self, G_CONNECT_SWAPPED);
  update_sync_banner (self);
  /* Whose "mine" is, and the account's labels. */
  bottega_window_apply_filters (self);
  load_label_colors (self);
}

/* Nothing is open any more: the list comes back. */
static void
close_conversation (BottegaWindow *self)
{
  if (self->open_item != NULL)
    g_signal_handlers_disconnect_by_func (self->open_item, on_open_unread_changed, self);
  g_clear_object (&self->open_item);
  self->open_conversation = 0;
  self->keep_unread = FALSE;
  g_clear_handle_id (&self->mark_read_id, g_source_remove);

  bottega_conversation_view_set_conversation (self->conversation_view, NULL);
  bottega_customer_pane_set_conversation (self->customer_pane, NULL);
  if (self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "last-conversation", 0);
}

void
bottega_window_remove_engine (BottegaWindow     *self,
                              BottegaSyncEngine *engine)
{
  gint64 account_id;

  g_return_if_fail (BOTTEGA_IS_WINDOW (self));
  g_return_if_fail (BOTTEGA_IS_SYNC_ENGINE (engine));

  account_id = bottega_account_get_id (bottega_sync_engine_get_account (engine));

  /* The account's conversations are going away with it. */
  if (self->open_item != NULL && bottega_conversation_get_account_id (self->open_item) == account_id)
    close_conversation (self);

  g_signal_handlers_disconnect_by_data (engine, self);
  g_ptr_array_remove (self->engines, engine);
  update_sync_banner (self);
  bottega_window_apply_filters (self);
}

void
bottega_window_set_store (BottegaWindow *self,
                          BottegaStore  *store)
{
  gint64 last = 0;

  g_return_if_fail (BOTTEGA_IS_WINDOW (self));
  g_return_if_fail (BOTTEGA_IS_STORE (store));

  g_set_object (&self->store, store);
  g_clear_object (&self->conversations);
  self->conversations = bottega_conversation_list_new (store, 0);
  bottega_window_apply_filters (self);
  load_label_colors (self);

  /* Before the selection model connects to the list (see above). */
  g_signal_connect_object (self->conversations, "items-changed",
                           G_CALLBACK (on_conversations_changing), self, G_CONNECT_SWAPPED);
  g_clear_object (&self->selection);
  g_clear_object (&self->revealed);
  self->revealed = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->conversations)),
                                             0, first_screen_rows (self));
  self->reveal_ticks = 0;
  if (self->reveal_id == 0)
    self->reveal_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->conversation_list_view),
                                                    reveal_rows, self, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->revealed)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->conversation_list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversations, "items-changed",
                           G_CALLBACK (on_conversations_changed), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (store, "outbox-changed",
                           G_CALLBACK (update_sync_banner), self, G_CONNECT_SWAPPED);
  on_conversations_changed (self, 0, 0, 0, G_LIST_MODEL (self->conversations));

  bottega_conversation_view_set_store (self->conversation_view, store);
  bottega_customer_pane_set_store (self->customer_pane, store);
  bottega_search_view_set_store (self->search_view, store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.jump", TRUE);

  /* Where the user left off (a notification's click may have set it). */
  if (self->settings != NULL)
    last = g_settings_get_int64 (self->settings, "last-conversation");
  if (last != 0 && self->open_conversation == 0)
    open_conversation_by_id (self, last);
}

/* ---- pages ---- */

/* A spinning spinner asks for a new frame at every frame, and GTK 4.8 keeps
 * animating it on a page that is no longer shown: the loading page goes
 * for good once another page is shown, so that an idle window wakes
 * nobody. */
static void
set_page (BottegaWindow *self,
          const char    *page)
{
  GtkWidget *loading = gtk_stack_get_child_by_name (self->stack, "loading");

  gtk_stack_set_visible_child_name (self->stack, page);
  if (loading != NULL && g_strcmp0 (page, "loading") != 0)
    gtk_stack_remove (self->stack, loading);
}

void
bottega_window_show_welcome (BottegaWindow *self)
{
  g_return_if_fail (BOTTEGA_IS_WINDOW (self));

  set_page (self, "welcome");
}

void
bottega_window_show_main (BottegaWindow *self)
{
  g_return_if_fail (BOTTEGA_IS_WINDOW (self));

  set_page (self, "main");
}

void
bottega_window_show_error (BottegaWindow *self,
                           const char    *title,
                           const char    *detail)
{
  g_return_if_fail (BOTTEGA_IS_WINDOW (self));

  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, detail);
  set_page (self, "error");
}

void
bottega_window_toast (BottegaWindow *self,
                      const char    *text)
{
  g_return_if_fail (BOTTEGA_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, bottega_toast_new (text));
}

/* win.disk-full (b): the store cannot write for lack of space (TRUE) or
 * can again (FALSE). The message stays until there is space: nothing the
 * user types is lost meanwhile, and they should know why it is not saved. */
static void
disk_full_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BottegaWindow *self = BOTTEGA_WINDOW (widget);
  AdwToast *shown = g_object_get_data (G_OBJECT (self), "bottega-disk-full-toast");

  if (g_variant_get_boolean (parameter))
    {
      g_autoptr(AdwToast) toast = NULL;

      if (shown != NULL)
        return;
      toast = adw_toast_new (_("Disk full: Bottega cannot save on this computer. "
                               "Your draft is kept and will be saved when there is space."));
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_object_set_data_full (G_OBJECT (self), "bottega-disk-full-toast", g_object_ref (toast), g_object_unref);
      adw_toast_overlay_add_toast (self->toast_overlay, g_steal_pointer (&toast));
      return;
    }

  if (shown == NULL)
    return;
  adw_toast_dismiss (shown);
  g_object_set_data (G_OBJECT (self), "bottega-disk-full-toast", NULL);
  bottega_window_toast (self, _("There is space again: your draft is saved"));
}

/* ---- closing ---- */

gboolean
bottega_window_has_unsaved_drafts (BottegaWindow *self)
{
  g_return_val_if_fail (BOTTEGA_IS_WINDOW (self), FALSE);

  /* The disk-full message stays exactly as long as a draft is not saved. */
  return g_object_get_data (G_OBJECT (self), "bottega-disk-full-toast") != NULL;
}

static void
on_unsaved_response (AdwMessageDialog *dialog,
                     const char       *response,
                     BottegaWindow    *self)
{
  if (g_str_equal (response, "quit"))
    g_application_quit (g_application_get_default ());
}

/* Asks before a draft the disk had no room for goes with the window. */
void
bottega_window_ask_quit (BottegaWindow *self)
{
  GtkWidget *dialog;

  g_return_if_fail (BOTTEGA_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Quit Without Your Draft?"),
                                   _("The disk is full, so the reply you were writing is not saved yet. "
                                     "Free some space on this computer and it is saved at once; "
                                     "if you quit now, it is lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Writing"),
                                    "quit", _("_Quit Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_unsaved_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
bottega_window_close_request (GtkWindow *window)
{
  BottegaWindow *self = BOTTEGA_WINDOW (window);

  if (bottega_window_has_unsaved_drafts (self))
    {
      bottega_window_ask_quit (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (bottega_window_parent_class)->close_request (window);
}

/* ---- actions ---- */

static void
connect_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BottegaWindow *self = BOTTEGA_WINDOW (widget);
  BottegaApplication *app = BOTTEGA_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  BottegaConnectDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = bottega_connect_dialog_new (GTK_WINDOW (self), app, self->store);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The server refused an account's token: connect it again with a new one;
 * its conversations and queued replies wait meanwhile. */
static void
sign_in_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BottegaWindow *self = BOTTEGA_WINDOW (widget);
  BottegaApplication *app = BOTTEGA_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  BottegaConnectDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = bottega_connect_dialog_new (GTK_WINDOW (self), app, self->store);
  for (guint i = 0; i < self->engines->len; i++)
    {
      BottegaSyncEngine *engine = g_ptr_array_index (self->engines, i);

      if (bottega_sync_engine_get_state (engine) == BOTTEGA_SYNC_STATE_NEEDS_AUTH)
        {
          bottega_connect_dialog_set_url (dialog,
                                          bottega_account_get_url (bottega_sync_engine_get_account (engine)));
          break;
        }
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  on_back (BOTTEGA_WINDOW (widget));
}

static void
set_customer_pane_visible (BottegaWindow *self,
                           gboolean       visible)
{
  if (self->customer_pane_visible == !!visible)
    return;

  self->customer_pane_visible = !!visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_PANE_VISIBLE]);
}

/* The application's accelerators for the window's actions (the shortcuts
 * window lists them), once the window belongs to the application. */
static void
add_accelerators (BottegaWindow *self)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "win.search", { "<Control>f", NULL } },
    { "win.jump", { "<Control>k", NULL } },
    { "win.next-conversation", { "<Alt>Down", "<Alt>KP_Down", NULL } },
    { "win.previous-conversation", { "<Alt>Up", "<Alt>KP_Up", NULL } },
    { "win.toggle-customer-pane", { "F9", NULL } },
    { "win.catalog", { "<Control><Shift>k", NULL } },
  };
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);
}

/* ---- GObject ---- */

static void
bottega_window_dispose (GObject *object)
{
  BottegaWindow *self = BOTTEGA_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->minute_id, g_source_remove);
  g_clear_handle_id (&self->mark_read_id, g_source_remove);
  if (self->open_item != NULL)
    g_signal_handlers_disconnect_by_func (self->open_item, on_open_unread_changed, self);
  g_clear_object (&self->open_item);
  g_clear_pointer (&self->engines, g_ptr_array_unref);
  if (self->reveal_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->conversation_list_view), self->reveal_id);
  self->reveal_id = 0;
  g_clear_object (&self->selection);
  g_clear_object (&self->revealed);
  g_clear_object (&self->conversations);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bottega_window_parent_class)->dispose (object);

  /* The rows go with the list view, above; any left must not call back. */
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->rows, i), row_finalized, self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->label_colors, g_hash_table_unref);
}

/* The window's size and state come back from the settings once GtkWindow
 * has set its construct properties ("maximized" is one: bound in init, it
 * would be reset to FALSE, and the setting with it). */
static void
bottega_window_constructed (GObject *object)
{
  BottegaWindow *self = BOTTEGA_WINDOW (object);

  G_OBJECT_CLASS (bottega_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
    }
}

static void
bottega_window_finalize (GObject *object)
{
  BottegaWindow *self = BOTTEGA_WINDOW (object);

  g_free (self->filter_status);
  g_free (self->filter_assignee);
  g_free (self->filter_label);
  g_free (self->filter_inbox);

  G_OBJECT_CLASS (bottega_window_parent_class)->finalize (object);
}

static void
bottega_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BottegaWindow *self = BOTTEGA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILTER_STATUS:
      g_value_set_string (value, self->filter_status);
      break;

    case PROP_FILTER_ASSIGNEE:
      g_value_set_string (value, self->filter_assignee);
      break;

    case PROP_FILTER_UNREAD:
      g_value_set_boolean (value, self->filter_unread);
      break;

    case PROP_FILTER_LABEL:
      g_value_set_string (value, self->filter_label);
      break;

    case PROP_FILTER_INBOX:
      g_value_set_string (value, self->filter_inbox);
      break;

    case PROP_CUSTOMER_PANE_VISIBLE:
      g_value_set_boolean (value, self->customer_pane_visible);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BottegaWindow *self = BOTTEGA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILTER_STATUS:
      set_filter_status (self, g_value_get_string (value));
      break;

    case PROP_FILTER_ASSIGNEE:
      set_filter_assignee (self, g_value_get_string (value));
      break;

    case PROP_FILTER_UNREAD:
      set_filter_unread (self, g_value_get_boolean (value));
      break;

    case PROP_FILTER_LABEL:
      set_string_filter (self, &self->filter_label, g_value_get_string (value), PROP_FILTER_LABEL);
      break;

    case PROP_FILTER_INBOX:
      set_string_filter (self, &self->filter_inbox, g_value_get_string (value), PROP_FILTER_INBOX);
      break;

    case PROP_CUSTOMER_PANE_VISIBLE:
      set_customer_pane_visible (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_window_class_init (BottegaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = bottega_window_constructed;
  object_class->dispose = bottega_window_dispose;
  object_class->finalize = bottega_window_finalize;
  object_class->get_property = bottega_window_get_property;
  object_class->set_property = bottega_window_set_property;
  window_class->close_request = bottega_window_close_request;

  /* "open", "pending", "resolved", "snoozed" or "all" (the settings' values) */
  properties[PROP_FILTER_STATUS] =
    g_param_spec_string ("filter-status", NULL, NULL,
                         "all",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* "mine", "unassigned" or "all" */
  properties[PROP_FILTER_ASSIGNEE] =
    g_param_spec_string ("filter-assignee", NULL, NULL,
                         "all",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FILTER_UNREAD] =
    g_param_spec_boolean ("filter-unread", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* a label title, "" for any */
  properties[PROP_FILTER_LABEL] =
    g_param_spec_string ("filter-label", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* a local inbox id in decimal, "" for any (actions carry strings) */
  properties[PROP_FILTER_INBOX] =
    g_param_spec_string ("filter-inbox", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CUSTOMER_PANE_VISIBLE] =
    g_param_spec_boolean ("customer-pane-visible", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BOTTEGA_TYPE_CONVERSATION_VIEW);
  g_type_ensure (BOTTEGA_TYPE_CUSTOMER_PANE);
  g_type_ensure (BOTTEGA_TYPE_SEARCH_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, sync_revealer);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, sync_icon);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, conversation_list_view);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, show_all_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, search_view);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, customer_flap);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, conversation_view);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, customer_pane);
  gtk_widget_class_bind_template_callback (widget_class, on_conversation_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back);
  gtk_widget_class_bind_template_callback (widget_class, on_status_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_result);
  gtk_widget_class_bind_template_callback (widget_class, on_pane_open_conversation);

  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_activated);
  gtk_widget_class_install_action (widget_class, "win.disk-full", "b", disk_full_activated);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.jump", NULL, jump_activated);
  gtk_widget_class_install_action (widget_class, "win.catalog", NULL, catalog_activated);
  gtk_widget_class_install_action (widget_class, "win.next-conversation", NULL, step_activated);
  gtk_widget_class_install_action (widget_class, "win.previous-conversation", NULL, step_activated);
  gtk_widget_class_install_action (widget_class, "win.open-conversation", "x", open_conversation_activated);
  /* The local conversation id; 0 for the open one. */
  gtk_widget_class_install_action (widget_class, "win.mark-read", "x", mark_activated);
  gtk_widget_class_install_action (widget_class, "win.mark-unread", "x", mark_activated);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_activated);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-customer-pane", "customer-pane-visible");
  gtk_widget_class_install_property_action (widget_class, "filter.status", "filter-status");
  gtk_widget_class_install_property_action (widget_class, "filter.assignee", "filter-assignee");
  gtk_widget_class_install_property_action (widget_class, "filter.unread", "filter-unread");
  gtk_widget_class_install_property_action (widget_class, "filter.label", "filter-label");
  gtk_widget_class_install_property_action (widget_class, "filter.inbox", "filter-inbox");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}

static void
bottega_window_init (BottegaWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkEventController *controller;
  GtkAdjustment *adjustment;
  GtkShortcut *shortcut;

  self->filter_status = g_strdup ("all");
  self->filter_assignee = g_strdup ("all");
  self->filter_label = g_strdup ("");
  self->filter_inbox = g_strdup ("");
  self->engines = g_ptr_array_new_with_free_func (g_object_unref);
  self->rows = g_ptr_array_new ();
  self->label_colors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  self->waiting_threshold = 15;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->conversation_list_view, factory);

  /* More rows as the reader nears the end of those built. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->conversation_list_view));
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (maybe_reveal_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::upper", G_CALLBACK (maybe_reveal_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::page-size", G_CALLBACK (maybe_reveal_rows), self, G_CONNECT_SWAPPED);

  /* The row menu from the keyboard. */
  controller = gtk_shortcut_controller_new ();
  shortcut = gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK),
                                                            gtk_keyval_trigger_new (GDK_KEY_Menu, 0)),
                               gtk_callback_action_new (popup_row_menu, self, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self->conversation_list_view), controller);

  /* Down from the search goes to the results. */
  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  gtk_menu_button_set_create_popup_func (self->filter_button, bottega_window_create_filter_popup, self, NULL);
  g_signal_connect_object (self->conversation_list_view, "map", G_CALLBACK (scroll_to_selected), self,
                           G_CONNECT_SWAPPED);

  g_object_bind_property (self, "customer-pane-visible", self->customer_flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.jump", FALSE);

  self->settings = new_settings ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "conversation-filter", self, "filter-status", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed::waiting-threshold-minutes",
                               G_CALLBACK (on_waiting_threshold_changed), self, G_CONNECT_SWAPPED);
      self->waiting_threshold = g_settings_get_uint (self->settings, "waiting-threshold-minutes");
    }
  set_filter_status (self, self->filter_status);
  bottega_window_apply_filters (self);

  g_signal_connect_object (self, "notify::application", G_CALLBACK (add_accelerators), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "notify::is-active", G_CALLBACK (schedule_mark_read), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::visible-child", G_CALLBACK (schedule_mark_read), self,
                           G_CONNECT_SWAPPED);
  self->minute_id = g_timeout_add_seconds (60, on_minute, self);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  set_page (self, "loading");
}

BottegaWindow *
bottega_window_new (BottegaApplication *application)
{
  return g_object_new (BOTTEGA_TYPE_WINDOW, "application", application, NULL);
}
