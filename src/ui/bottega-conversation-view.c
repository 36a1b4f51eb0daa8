/* bottega-conversation-view.c: one conversation and its composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bottega-application.h"
#include "bottega-conversation-view.h"
#include "bottega-message-list.h"
#include "bottega-message-row.h"
#include "bottega-text.h"
#include "bottega-window.h"

/* A draft is at most this far behind the keyboard. */
#define DRAFT_DELAY_MS 300

struct _BottegaConversationView
{
  GtkWidget            parent_instance;

  /* template */
  GtkWidget           *box;
  AdwWindowTitle      *title;
  GtkStack            *view_stack;
  GtkScrolledWindow   *scroller;
  GtkListView         *message_list_view;
  GtkTextView         *composer_view;
  GtkWidget           *send_button;
  GtkStack            *composer_stack;
  GtkDropDown         *template_dropdown;
  GtkBox              *template_params;
  GtkLabel            *template_preview;

  GPtrArray           *templates;       /* Template, the inbox's approved ones */
  GPtrArray           *param_entries;   /* GtkEntry, one per {{n}} */

  BottegaStore        *store;
  BottegaConversation *conversation;
  BottegaMessageList  *messages;
  GSettings           *settings;
  GCancellable        *cancellable;

  guint                draft_timeout;
  gboolean             draft_dirty;
  gboolean             loading_draft;
  gboolean             sending;
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

/* An approved WhatsApp template (contracts/chatwoot-api.md §8). */
typedef struct {
  char  *name;
  char  *language;
  char  *category;
  char  *body;       /* the BODY component's text, with {{1}} … {{n}} */
  guint  n_params;
} Template;

static void
template_free (Template *template)
{
  g_free (template->name);
  g_free (template->language);
  g_free (template->category);
  g_free (template->body);
  g_free (template);
}

static char *
composer_text (BottegaConversationView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
composer_is_blank (BottegaConversationView *self)
{
  g_autofree char *text = composer_text (self);

  return g_strstrip (text)[0] == '\0';
}

static void
update_actions (BottegaConversationView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send",
                                 self->conversation != NULL && !self->sending &&
                                 !composer_is_blank (self));
}

/* ---- drafts ---- */

static void
draft_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!bottega_store_save_draft_finish (BOTTEGA_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not save the draft: %s", error->message);
}

static void
save_draft_now (BottegaConversationView *self)
{
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  if (!self->draft_dirty || self->conversation == NULL || self->store == NULL)
    return;

  self->draft_dirty = FALSE;
  text = composer_text (self);
  /* Not cancellable: a draft must land even when the view goes away. */
  bottega_store_save_draft_async (self->store, bottega_conversation_get_id (self->conversation),
                                  text, NULL, draft_saved, NULL);
}

static gboolean
draft_timeout_cb (gpointer user_data)
{
  BottegaConversationView *self = user_data;

  self->draft_timeout = 0;
  save_draft_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_buffer_changed (BottegaConversationView *self,
                   GtkTextBuffer           *buffer)
{
  update_actions (self);
  if (self->loading_draft || self->conversation == NULL)
    return;

  self->draft_dirty = TRUE;
  if (self->draft_timeout == 0)
    self->draft_timeout = g_timeout_add (DRAFT_DELAY_MS, draft_timeout_cb, self);
}

static void
load_draft (BottegaConversationView *self)
{
  g_autofree char *draft = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer_view);

  if (self->conversation != NULL && self->store != NULL)
    draft = bottega_store_get_draft (self->store, bottega_conversation_get_id (self->conversation));

  self->loading_draft = TRUE;
  gtk_text_buffer_set_text (buffer, draft != NULL ? draft : "", -1);
  self->loading_draft = FALSE;
  self->draft_dirty = FALSE;
  update_actions (self);
}

/* ---- sending ---- */

static void
reply_queued (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BottegaConversationView) self = user_data;
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  message = bottega_store_queue_reply_finish (BOTTEGA_STORE (object), result, &error);
  self->sending = FALSE;
  gtk_text_view_set_editable (self->composer_view, TRUE);

  if (message == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      /* The text stays in the composer (and in the draft). */
      g_warning ("Could not queue the reply: %s", error->message);
      if (BOTTEGA_IS_WINDOW (root))
        bottega_window_toast (BOTTEGA_WINDOW (root), _("The reply could not be saved; it is still in the composer"));
      update_actions (self);
      return;
    }

  /* Safely in the outbox (and the draft deleted with it). */
  self->loading_draft = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer_view), "", -1);
  self->loading_draft = FALSE;
  self->draft_dirty = FALSE;
  settle_at_bottom (self);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (widget);
  g_autofree char *text = NULL;
  BottegaStoreReply reply = { 0, };

  if (self->conversation == NULL || self->sending || composer_is_blank (self))
    return;

  text = composer_text (self);
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  self->draft_dirty = FALSE;

  reply.conversation_id = bottega_conversation_get_id (self->conversation);
  reply.content = text;

  /* Read-only until the reply is durable, so no keystroke falls between
   * the text we queue and the composer we clear. */
  self->sending = TRUE;
  gtk_text_view_set_editable (self->composer_view, FALSE);
  update_actions (self);
  bottega_store_queue_reply_async (self->store, &reply, NULL, reply_queued, g_object_ref (self));
}

static gboolean
on_composer_key_pressed (BottegaConversationView *self,
                         guint                    keyval,
                         guint                    keycode,
                         GdkModifierType          state,
                         GtkEventControllerKey   *controller)
{
  gboolean enter_sends = self->settings == NULL || g_settings_get_boolean (self->settings, "enter-sends");

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return GDK_EVENT_PROPAGATE;

  if ((state & GDK_CONTROL_MASK) != 0 ||
      (enter_sends && (state & (GDK_SHIFT_MASK | GDK_ALT_MASK)) == 0))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "composer.send", NULL);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

/* ---- templates (the 24-hour window is closed) ---- */

static guint
count_params (const char *body)
{
  guint highest = 0;

  for (const char *p = strstr (body, "{{"); p != NULL; p = strstr (p + 2, "{{"))
    {
      char *end = NULL;
      guint64 n = g_ascii_strtoull (p + 2, &end, 10);

      if (end != p + 2 && g_str_has_prefix (end, "}}") && n > 0 && n <= 20)
        highest = MAX (highest, (guint) n);
    }
  return highest;
}

static GPtrArray *
approved_templates (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *templates = g_ptr_array_new_with_free_func ((GDestroyNotify) template_free);
  JsonArray *array;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return templates;

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      JsonArray *components;
      Template *template;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "status", ""), "APPROVED") != 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (object, "status", ""), "approved") != 0)
        continue;

      template = g_new0 (Template, 1);
      template->name = g_strdup (json_object_get_string_member_with_default (object, "name", ""));
      template->language = g_strdup (json_object_get_string_member_with_default (object, "language", ""));
      template->category = g_strdup (json_object_get_string_member_with_default (object, "category", ""));
      components = json_object_has_member (object, "components") &&
                   JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "components"))
                     ? json_object_get_array_member (object, "components") : NULL;
      for (guint c = 0; components != NULL && c < json_array_get_length (components); c++)
        {
          JsonNode *component = json_array_get_element (components, c);

          if (JSON_NODE_HOLDS_OBJECT (component) &&
              g_ascii_strcasecmp (json_object_get_string_member_with_default (json_node_get_object (component), "type", ""), "BODY") == 0)
            template->body = g_strdup (json_object_get_string_member_with_default (json_node_get_object (component), "text", ""));
        }
      if (template->name[0] == '\0' || template->body == NULL)
        {
          template_free (template);
          continue;
        }
      template->n_params = count_params (template->body);
      g_ptr_array_add (templates, template);
    }

  return templates;
}

static Template *
selected_template (BottegaConversationView *self)
{
  guint selected = gtk_drop_down_get_selected (self->template_dropdown);

  if (self->templates == NULL || selected >= self->templates->len)
    return NULL;
  return g_ptr_array_index (self->templates, selected);
}

/* The body with each {{n}} replaced by its parameter; NULL while one is
 * missing. */
static char *
render_template (BottegaConversationView *self,
                 Template                *template,
                 gboolean                 allow_missing)
{
  GString *out = g_string_new (NULL);
  const char *p = template->body;

  while (*p != '\0')
    {
      const char *open = strstr (p, "{{");
      char *end = NULL;
      guint64 n;

      if (open == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      n = g_ascii_strtoull (open + 2, &end, 10);
      if (end != open + 2 && g_str_has_prefix (end, "}}") && n > 0 && n <= self->param_entries->len)
        {
          const char *value = gtk_editable_get_text (g_ptr_array_index (self->param_entries, n - 1));

          if (value[0] == '\0' && !allow_missing)
            {
              g_string_free (out, TRUE);
              return NULL;
            }
          g_string_append (out, value[0] != '\0' ? value : "…");
          p = end + 2;
        }
      else
        {
          g_string_append (out, "{{");
          p = open + 2;
        }
    }

  return g_string_free (out, FALSE);
}

static void
update_template_preview (BottegaConversationView *self)
{
  Template *template = selected_template (self);
  g_autofree char *preview = template != NULL ? render_template (self, template, TRUE) : NULL;
  g_autofree char *complete = template != NULL ? render_template (self, template, FALSE) : NULL;

  gtk_label_set_text (self->template_preview, preview != NULL ? preview : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send-template",
                                 complete != NULL && !self->sending);
}

static void
rebuild_template_params (BottegaConversationView *self)
{
  Template *template = selected_template (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->template_params))) != NULL)
    gtk_box_remove (self->template_params, child);
  g_ptr_array_set_size (self->param_entries, 0);

  for (guint i = 0; template != NULL && i < template->n_params; i++)
    {
      GtkWidget *entry = gtk_entry_new ();
      g_autofree char *label = g_strdup_printf (_("Parameter %u"), i + 1);

      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_signal_connect_object (entry, "changed", G_CALLBACK (update_template_preview),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (self->template_params, entry);
      g_ptr_array_add (self->param_entries, entry);
    }

  update_template_preview (self);
}

static void
load_templates (BottegaConversationView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) inboxes = NULL;

  g_clear_pointer (&self->templates, g_ptr_array_unref);
  if (self->conversation != NULL && self->store != NULL)
    inboxes = bottega_store_list_inboxes (self->store, bottega_conversation_get_account_id (self->conversation), NULL);

  for (guint i = 0; inboxes != NULL && i < inboxes->len; i++)
    {
      BottegaInbox *inbox = g_ptr_array_index (inboxes, i);

      if (bottega_inbox_get_remote_id (inbox) == bottega_conversation_get_inbox_id (self->conversation))
        self->templates = approved_templates (bottega_inbox_get_templates (inbox));
    }
  if (self->templates == NULL)
    self->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) template_free);

  for (guint i = 0; i < self->templates->len; i++)
    {
      Template *template = g_ptr_array_index (self->templates, i);
      g_autofree char *name = g_strdup_printf ("%s (%s)", template->name, template->language);

      gtk_string_list_append (names, name);
    }
  gtk_drop_down_set_model (self->template_dropdown, G_LIST_MODEL (names));
  gtk_label_set_text (self->template_preview,
                      self->templates->len == 0 ? _("This inbox has no approved template.") : "");
  rebuild_template_params (self);
}

/* WhatsApp's 24-hour window: free text only while it is open. */
static void
update_composer_mode (BottegaConversationView *self)
{
  gboolean template_mode = self->conversation != NULL &&
                           !bottega_conversation_get_can_reply (self->conversation) &&
                           g_strcmp0 (bottega_conversation_get_channel (self->conversation), "Channel::Whatsapp") == 0;
  gboolean was = g_strcmp0 (gtk_stack_get_visible_child_name (self->composer_stack), "template") == 0;

  if (template_mode && (!was || self->templates == NULL))
    load_templates (self);
  gtk_stack_set_visible_child_name (self->composer_stack, template_mode ? "template" : "text");
}

static void
template_queued (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BottegaConversationView) self = user_data;
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  message = bottega_store_queue_reply_finish (BOTTEGA_STORE (object), result, &error);
  self->sending = FALSE;
  if (message == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      g_warning ("Could not queue the template: %s", error->message);
      if (BOTTEGA_IS_WINDOW (root))
        bottega_window_toast (BOTTEGA_WINDOW (root), _("The template could not be saved"));
      update_template_preview (self);
      return;
    }

  for (guint i = 0; i < self->param_entries->len; i++)
    gtk_editable_set_text (g_ptr_array_index (self->param_entries, i), "");
  settle_at_bottom (self);
  update_template_preview (self);
}

static void
send_template_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (widget);
  Template *template = selected_template (self);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *content = NULL;
  g_autofree char *params = NULL;
  BottegaStoreReply reply = { 0, };

  if (self->conversation == NULL || template == NULL || self->sending)
    return;
  content = render_template (self, template, FALSE);
  if (content == NULL)
    return;

  /* template_params as Chatwoot takes them: the rendered text is the
   * message's content, for display. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, template->name);
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, template->category);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, template->language);
  json_builder_set_member_name (builder, "processed_params");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->param_entries->len; i++)
    {
      char key[16];

      g_snprintf (key, sizeof key, "%u", i + 1);
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, gtk_editable_get_text (g_ptr_array_index (self->param_entries, i)));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  params = json_generator_to_data (generator, NULL);

  reply.conversation_id = bottega_conversation_get_id (self->conversation);
  reply.content = content;
  reply.template_params = params;

  self->sending = TRUE;
  update_template_preview (self);
  bottega_store_queue_reply_async (self->store, &reply, NULL, template_queued, g_object_ref (self));
}

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
}

void
bottega_conversation_view_set_conversation (BottegaConversationView *self,
                                            BottegaConversation     *conversation)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (BOTTEGA_IS_CONVERSATION_VIEW (self));

  if (self->conversation != NULL && conversation != NULL &&
      bottega_conversation_get_id (self->conversation) == bottega_conversation_get_id (conversation))
    {
      if (self->conversation != conversation)
        {
          g_signal_handlers_disconnect_by_func (self->conversation, update_composer_mode, self);
          g_set_object (&self->conversation, conversation);
          g_signal_connect_object (conversation, "notify::can-reply", G_CALLBACK (update_composer_mode),
                                   self, G_CONNECT_SWAPPED);
        }
      update_title (self);
      update_composer_mode (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
      return;
    }

  save_draft_now (self);

  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_func (self->conversation, update_composer_mode, self);
  g_set_object (&self->conversation, conversation);
  g_clear_object (&self->messages);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  if (conversation != NULL)
    g_signal_connect_object (conversation, "notify::can-reply", G_CALLBACK (update_composer_mode),
                             self, G_CONNECT_SWAPPED);

  if (conversation != NULL && self->store != NULL)
    {
      self->messages = bottega_message_list_new (self->store, bottega_conversation_get_id (conversation));
      g_signal_connect_object (self->messages, "items-changed", G_CALLBACK (on_messages_changed),
                               self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->messages)));
    }
  gtk_list_view_set_model (self->message_list_view, GTK_SELECTION_MODEL (selection));

  self->stick_to_bottom = TRUE;
  update_title (self);
  load_draft (self);
  update_composer_mode (self);
  gtk_stack_set_visible_child_name (self->view_stack, conversation != NULL ? "conversation" : "empty");
  if (conversation != NULL)
    {
      settle_at_bottom (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
    }
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

  save_draft_now (self);
  if (self->settle_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->settle_tick);
  self->settle_tick = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->messages);
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_func (self->conversation, update_composer_mode, self);
  g_clear_object (&self->conversation);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->param_entries, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-conversation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, box);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, title);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, scroller);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, message_list_view);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, composer_view);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, send_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, composer_stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, template_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, template_params);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationView, template_preview);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "composer.send-template", NULL, send_template_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversationview");
}

static void
bottega_conversation_view_init (BottegaConversationView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkEventController *keys;
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->param_entries = g_ptr_array_new ();
  g_signal_connect_object (self->template_dropdown, "notify::selected",
                           G_CALLBACK (rebuild_template_params), self, G_CONNECT_SWAPPED);
  if (source != NULL && (schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)))
    self->settings = g_settings_new (APPLICATION_ID);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_message), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_message), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_message), NULL);
  gtk_list_view_set_factory (self->message_list_view, factory);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_composer_key_pressed),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->composer_view), keys);

  g_signal_connect_object (gtk_text_view_get_buffer (self->composer_view), "changed",
                           G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "notify::upper", G_CALLBACK (on_adjustment_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::page-size", G_CALLBACK (on_adjustment_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_adjustment_value_changed),
                           self, G_CONNECT_SWAPPED);

  self->stick_to_bottom = TRUE;
  update_actions (self);
}
