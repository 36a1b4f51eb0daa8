/* bottega-composer.c: writing a reply — text, or a template when the
 * 24-hour window is closed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bottega-composer.h"
#include "bottega-window.h"

/* A draft is at most this far behind the keyboard. */
#define DRAFT_DELAY_MS 300

struct _BottegaComposer
{
  GtkWidget            parent_instance;

  /* template */
  GtkStack            *composer_stack;
  GtkTextView         *composer_view;
  GtkWidget           *send_button;
  GtkDropDown         *template_dropdown;
  GtkBox              *template_params;
  GtkLabel            *template_preview;

  BottegaStore        *store;
  BottegaConversation *conversation;
  GSettings           *settings;
  GPtrArray           *templates;       /* Template, the inbox's approved ones */
  GPtrArray           *param_entries;   /* GtkEntry, one per {{n}} */

  guint                draft_timeout;
  gboolean             draft_dirty;
  gboolean             loading_draft;
  gboolean             sending;
};

G_DEFINE_FINAL_TYPE (BottegaComposer, bottega_composer, GTK_TYPE_WIDGET)

enum {
  SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
composer_text (BottegaComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
composer_is_blank (BottegaComposer *self)
{
  g_autofree char *text = composer_text (self);

  return g_strstrip (text)[0] == '\0';
}

static void
update_actions (BottegaComposer *self)
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
save_draft_now (BottegaComposer *self)
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
  BottegaComposer *self = user_data;

  self->draft_timeout = 0;
  save_draft_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_buffer_changed (BottegaComposer *self,
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
load_draft (BottegaComposer *self)
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
  g_autoptr(BottegaComposer) self = user_data;
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
  g_signal_emit (self, signals[SENT], 0);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);
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
on_composer_key_pressed (BottegaComposer *self,
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
selected_template (BottegaComposer *self)
{
  guint selected = gtk_drop_down_get_selected (self->template_dropdown);

  if (self->templates == NULL || selected >= self->templates->len)
    return NULL;
  return g_ptr_array_index (self->templates, selected);
}

/* The body with each {{n}} replaced by its parameter; NULL while one is
 * missing. */
static char *
render_template (BottegaComposer *self,
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
update_template_preview (BottegaComposer *self)
{
  Template *template = selected_template (self);
  g_autofree char *preview = template != NULL ? render_template (self, template, TRUE) : NULL;
  g_autofree char *complete = template != NULL ? render_template (self, template, FALSE) : NULL;

  gtk_label_set_text (self->template_preview, preview != NULL ? preview : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send-template",
                                 complete != NULL && !self->sending);
}

static void
rebuild_template_params (BottegaComposer *self)
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
load_templates (BottegaComposer *self)
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
update_composer_mode (BottegaComposer *self)
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
  g_autoptr(BottegaComposer) self = user_data;
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
  g_signal_emit (self, signals[SENT], 0);
  update_template_preview (self);
}

static void
send_template_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);
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

/* ---- public ---- */

void
bottega_composer_set_store (BottegaComposer *self,
                            BottegaStore    *store)
{
  g_return_if_fail (BOTTEGA_IS_COMPOSER (self));

  g_set_object (&self->store, store);
}

void
bottega_composer_set_conversation (BottegaComposer     *self,
                                   BottegaConversation *conversation)
{
  gboolean same;

  g_return_if_fail (BOTTEGA_IS_COMPOSER (self));

  same = self->conversation != NULL && conversation != NULL &&
         bottega_conversation_get_id (self->conversation) == bottega_conversation_get_id (conversation);
  if (!same)
    save_draft_now (self);

  if (self->conversation != conversation)
    {
      if (self->conversation != NULL)
        g_signal_handlers_disconnect_by_func (self->conversation, update_composer_mode, self);
      g_set_object (&self->conversation, conversation);
      if (conversation != NULL)
        g_signal_connect_object (conversation, "notify::can-reply", G_CALLBACK (update_composer_mode),
                                 self, G_CONNECT_SWAPPED);
    }

  if (!same)
    {
      g_clear_pointer (&self->templates, g_ptr_array_unref);
      load_draft (self);
    }
  update_composer_mode (self);
}

void
bottega_composer_focus (BottegaComposer *self)
{
  g_return_if_fail (BOTTEGA_IS_COMPOSER (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->composer_stack), "template") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->template_dropdown));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

/* ---- GObject ---- */

static void
bottega_composer_dispose (GObject *object)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (object);

  save_draft_now (self);
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_func (self->conversation, update_composer_mode, self);
  g_clear_object (&self->conversation);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->param_entries, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), BOTTEGA_TYPE_COMPOSER);

  G_OBJECT_CLASS (bottega_composer_parent_class)->dispose (object);
}

static void
bottega_composer_class_init (BottegaComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_composer_dispose;

  /**
   * BottegaComposer::sent:
   *
   * A reply (or template) is safely in the outbox.
   */
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, composer_stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, composer_view);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, template_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, template_params);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, template_preview);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "composer.send-template", NULL, send_template_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composer");
}

static void
bottega_composer_init (BottegaComposer *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->param_entries = g_ptr_array_new ();
  if (source != NULL && (schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)))
    self->settings = g_settings_new (APPLICATION_ID);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_composer_key_pressed),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->composer_view), keys);

  g_signal_connect_object (gtk_text_view_get_buffer (self->composer_view), "changed",
                           G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->template_dropdown, "notify::selected",
                           G_CALLBACK (rebuild_template_params), self, G_CONNECT_SWAPPED);

  update_actions (self);
}

BottegaComposer *
bottega_composer_new (void)
{
  return g_object_new (BOTTEGA_TYPE_COMPOSER, NULL);
}
