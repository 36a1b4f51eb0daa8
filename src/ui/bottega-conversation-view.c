/* bottega-conversation-view.c: one conversation: its messages and composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bottega-application.h"
#include "bottega-composer.h"
#include "bottega-conversation-view.h"
#include "bottega-message-list.h"
#include "bottega-message-row.h"
#include "bottega-text.h"
#include "bottega-window.h"

struct _BottegaConversationView
{
  GtkWidget            parent_instance;

  /* template */
  GtkWidget           *box;
  AdwWindowTitle      *title;
  GtkStack            *view_stack;
  GtkScrolledWindow   *scroller;
  GtkListView         *message_list_view;
  BottegaComposer     *composer;

  BottegaStore        *store;
  BottegaConversation *conversation;
  BottegaMessageList  *messages;
  GCancellable        *cancellable;

  gboolean             stick_to_bottom;
  gboolean             backfilling;
  guint                settle_frames;
  guint                settle_tick;
  gboolean             folded;
};

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

static void settle_at_bottom (BottegaConversationView *self);

/* ---- the message list ---- */

static void
scroll_to_bottom (BottegaConversationView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  guint n = self->messages != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->messages)) : 0;

  /* The list view only measures the rows near the view, so "the end" of
   * the adjustment is an estimate: ask the list itself to bring the newest
   * row in, then settle on the end. */
  if (n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->message_list_view), "list.scroll-to-item", "u", n - 1);
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

/* Rows are measured over the next frames, and the list keeps its anchor
 * row in place meanwhile: keep pulling the view to the newest message for a
 * few frames, and do not take those moves for the reader scrolling. */
static gboolean
settle_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (widget);

  scroll_to_bottom (self);
  if (self->settle_frames > 0)
    self->settle_frames--;
  if (self->settle_frames > 0)
    return G_SOURCE_CONTINUE;

  self->settle_tick = 0;
  self->stick_to_bottom = TRUE;
  return G_SOURCE_REMOVE;
}

static void
settle_at_bottom (BottegaConversationView *self)
{
  self->stick_to_bottom = TRUE;
  self->settle_frames = 8;
  scroll_to_bottom (self);
  if (self->settle_tick == 0)
    self->settle_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), settle_tick_cb, NULL, NULL);
}

static void
on_messages_changed (BottegaConversationView *self,
                     guint                    position,
                     guint                    removed,
                     guint                    added,
                     GListModel              *model)
{
  if (self->stick_to_bottom && added > 0)
    settle_at_bottom (self);
}

static void
on_adjustment_changed (BottegaConversationView *self,
                       GParamSpec              *pspec,
                       GtkAdjustment           *adjustment)
{
  /* The list grows as rows are measured and messages arrive: stay at the
   * newest message unless the reader scrolled up. */
  if (self->stick_to_bottom)
    scroll_to_bottom (self);
}

static void
backfilled (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BottegaConversationView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bottega_sync_engine_backfill_finish (BOTTEGA_SYNC_ENGINE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not load older messages: %s", error->message);
  self->backfilling = FALSE;
}

/* Near the top of what is stored: ask the server for older messages, until
 * it has none (the store remembers how far it has). */
static void
maybe_backfill (BottegaConversationView *self,
                GtkAdjustment           *adjustment)
{
  GApplication *app = g_application_get_default ();
  BottegaSyncEngine *engine;

  if (self->backfilling || self->conversation == NULL || self->store == NULL ||
      !BOTTEGA_IS_APPLICATION (app) ||
      gtk_adjustment_get_value (adjustment) > gtk_adjustment_get_page_size (adjustment) / 2)
    return;
  if (!bottega_store_has_older_messages (self->store, bottega_conversation_get_id (self->conversation)))
    return;
  engine = bottega_application_get_engine (BOTTEGA_APPLICATION (app),
                                           bottega_conversation_get_account_id (self->conversation));
  if (engine == NULL)
    return;

  self->backfilling = TRUE;
  bottega_sync_engine_backfill_async (engine, bottega_conversation_get_id (self->conversation),
                                      self->cancellable, backfilled, g_object_ref (self));
}

static void
on_adjustment_value_changed (BottegaConversationView *self,
                             GtkAdjustment           *adjustment)
{
  double bottom;

  if (self->settle_frames > 0)
    return;

  maybe_backfill (self, adjustment);
  bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  self->stick_to_bottom = gtk_adjustment_get_value (adjustment) >= bottom - 48;
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
  bottega_message_row_set_message (BOTTEGA_MESSAGE_ROW (gtk_list_item_get_child (item)),
                                   gtk_list_item_get_item (item));
}

static void
unbind_message (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  bottega_message_row_set_message (BOTTEGA_MESSAGE_ROW (gtk_list_item_get_child (item)), NULL);
}

/* ---- public ---- */

static void
update_title (BottegaConversationView *self)
{
  BottegaCustomer *customer;
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;
  const char *channel;

  if (self->conversation == NULL)
    {
      adw_window_title_set_title (self->title, "");
      adw_window_title_set_subtitle (self->title, "");
      return;
    }

  customer = bottega_conversation_get_customer (self->conversation);
  name = bottega_text_one_line (customer != NULL ? bottega_customer_get_name (customer) : NULL, 80);
  channel = bottega_conversation_get_channel (self->conversation);
  subtitle = g_strdup_printf ("#%" G_GINT64_FORMAT " · %s",
                              bottega_conversation_get_remote_id (self->conversation),
                              g_strcmp0 (channel, "Channel::Whatsapp") == 0 ? _("WhatsApp") :
                              g_strcmp0 (channel, "Channel::Email") == 0 ? _("E-mail") :
                              g_strcmp0 (channel, "Channel::WebWidget") == 0 ? _("Website") :
                              _("Chat"));
  adw_window_title_set_title (self->title, name);
  adw_window_title_set_subtitle (self->title, subtitle);
}

void
bottega_conversation_view_set_store (BottegaConversationView *self,
                                     BottegaStore            *store)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION_VIEW (self));

  g_set_object (&self->store, store);
  bottega_composer_set_store (self->composer, store);
}

void
bottega_conversation_view_set_conversation (BottegaConversationView *self,
                                            BottegaConversation     *conversation)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  gboolean same;

  g_return_if_fail (BOTTEGA_IS_CONVERSATION_VIEW (self));

  same = self->conversation != NULL && conversation != NULL &&
         bottega_conversation_get_id (self->conversation) == bottega_conversation_get_id (conversation);

  /* The composer first: it writes the previous conversation's draft. */
  bottega_composer_set_conversation (self->composer, conversation);
  g_set_object (&self->conversation, conversation);
  update_title (self);

  if (!same)
    {
      g_clear_object (&self->messages);
      if (conversation != NULL && self->store != NULL)
        {
          self->messages = bottega_message_list_new (self->store, bottega_conversation_get_id (conversation));
          g_signal_connect_object (self->messages, "items-changed", G_CALLBACK (on_messages_changed),
                                   self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
          selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->messages)));
        }
      gtk_list_view_set_model (self->message_list_view, GTK_SELECTION_MODEL (selection));
      self->stick_to_bottom = TRUE;
      gtk_stack_set_visible_child_name (self->view_stack, conversation != NULL ? "conversation" : "empty");
      if (conversation != NULL)
        settle_at_bottom (self);
    }

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

/* ---- GObject ---- */

static void
bottega_conversation_view_dispose (GObject *object)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (object);

  if (self->settle_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->settle_tick);
  self->settle_tick = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->messages);
  g_clear_object (&self->conversation);
  g_clear_object (&self->store);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (bottega_conversation_view_parent_class)->dispose (object);
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
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, scroller);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, message_list_view);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, composer);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_composer_sent);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversationview");
}

static void
bottega_conversation_view_init (BottegaConversationView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_message), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_message), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_message), NULL);
  gtk_list_view_set_factory (self->message_list_view, factory);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "notify::upper", G_CALLBACK (on_adjustment_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::page-size", G_CALLBACK (on_adjustment_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_adjustment_value_changed),
                           self, G_CONNECT_SWAPPED);

  self->stick_to_bottom = TRUE;
}
