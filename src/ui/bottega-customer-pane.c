/* bottega-customer-pane.c: the customer beside the conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bottega-application.h"
#include "bottega-attachment-view-private.h"
#include "bottega-channel.h"
#include "bottega-conversation-row.h"
#include "bottega-customer-pane.h"
#include "bottega-image-viewer.h"
#include "bottega-text.h"
#include "bottega-window.h"

/* What the pane shows is bounded whatever the customer (or the provider)
 * sent: a few screens, never a wall. */
#define MAX_CONVERSATIONS    20
#define MAX_MEDIA            9
#define MAX_ATTRIBUTES       40
#define MAX_ATTRIBUTES_JSON  (64 * 1024)
#define MAX_ATTRIBUTES_DEPTH 32
#define MAX_KEY_CHARS        60
#define MAX_VALUE_CHARS      300
#define MAX_NOTE_CHARS       500
#define MAX_LABEL_CHARS      40
/* Thumbnails are 88 px squares, decoded at twice that for dense screens. */
#define THUMBNAIL_SHOWN      88
#define THUMBNAIL_DECODED    (2 * THUMBNAIL_SHOWN)
/* A sync writes page after page: follow it without redrawing each time. */
#define REFRESH_DELAY_MS     250

struct _BottegaCustomerPane
{
  GtkWidget            parent_instance;

  /* template */
  GtkStack            *stack;
  GtkScrolledWindow   *scroller;
  AdwAvatar           *avatar;
  GtkLabel            *name_label;
  GtkLabel            *channel_label;
  GtkWidget           *blocked_label;
  GtkListBox          *contact_list;
  GtkWidget           *attributes_section;
  GtkListBox          *attributes_list;
  GtkFlowBox          *labels_box;
  GtkWidget           *no_labels_label;
  GtkLabel            *notes_count_label;
  GtkWidget           *note_box;
  GtkLabel            *note_label;
  GtkLabel            *note_meta_label;
  GtkListBox          *conversations_list;
  GtkWidget           *no_conversations_label;
  GtkFlowBox          *media_box;
  GtkWidget           *no_media_label;

  BottegaStore        *store;
  BottegaConversation *conversation;   /* as the window gave it */
  BottegaConversation *shown;          /* as the store holds it now */
  GArray              *related;        /* gint64: the customer's conversations */
  GPtrArray           *media;          /* BottegaAttachment on show */
  GCancellable        *media_cancellable;
  guint                refresh_id;

  /* What each section shows, to rebuild only what changed (and keep the
   * keyboard focus where it is while a sync runs). */
  char                *contact_key;
  char                *attributes_key;
  char                *labels_key;
  char                *conversations_key;
  char                *media_key;
};

G_DEFINE_FINAL_TYPE (BottegaCustomerPane, bottega_customer_pane, GTK_TYPE_WIDGET)

enum {
  OPEN_CONVERSATION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- small helpers ---- */

static void
toast (BottegaCustomerPane *self,
       const char          *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BOTTEGA_IS_WINDOW (root))
    bottega_window_toast (BOTTEGA_WINDOW (root), text);
}

static void
remove_all_children (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_LIST_BOX (container))
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
      else if (GTK_IS_FLOW_BOX (container))
        gtk_flow_box_remove (GTK_FLOW_BOX (container), child);
      else
        g_assert_not_reached ();
    }
}

/* TRUE when *@key changes to @new_key (which it then holds). */
static gboolean
key_changed (char       **key,
             const char  *new_key)
{
  if (g_strcmp0 (*key, new_key) == 0)
    return FALSE;

  g_free (*key);
  *key = g_strdup (new_key);
  return TRUE;
}

/* @text sanitized, line breaks kept, cut at @max_chars. Never NULL. */
static char *
bounded_text (const char *text,
              guint       max_chars)
{
  g_autofree char *clean = bottega_text_sanitize (text);
  g_autofree char *cut = NULL;

  g_strstrip (clean);
  if (g_utf8_strlen (clean, -1) <= (glong) max_chars)
    return g_steal_pointer (&clean);

  cut = g_utf8_substring (clean, 0, max_chars);
  return g_strconcat (cut, "…", NULL);
}

static const char *
status_name (BottegaConversationStatus status)
{
  switch (status)
    {
    case BOTTEGA_CONVERSATION_RESOLVED:
      return C_("conversation status", "Resolved");
    case BOTTEGA_CONVERSATION_PENDING:
      return C_("conversation status", "Pending");
    case BOTTEGA_CONVERSATION_SNOOZED:
      return C_("conversation status", "Snoozed");
    case BOTTEGA_CONVERSATION_OPEN:
    default:
      return C_("conversation status", "Open");
    }
}

static BottegaCustomer *
shown_customer (BottegaCustomerPane *self)
{
  return self->shown != NULL ? bottega_conversation_get_customer (self->shown) : NULL;
}

/* The customer's name as shown: one line, bounded; never empty. */
static char *
display_name (BottegaCustomer *customer)
{
  g_autofree char *name = bottega_text_one_line (customer != NULL ? bottega_customer_get_name (customer)
                                                                  : NULL, 80);

  if (name[0] == '\0')
    return g_strdup (_("Unknown Customer"));
  return g_steal_pointer (&name);
}

/* ---- actions ---- */

static char *
contact_value (BottegaCustomer *customer,
               const char      *field)
{
  const char *value = NULL;

  if (customer == NULL)
    return NULL;

  if (g_str_equal (field, "phone"))
    value = bottega_customer_get_phone_number (customer);
  else if (g_str_equal (field, "email"))
    value = bottega_customer_get_email (customer);
  else if (g_str_equal (field, "identifier"))
    value = bottega_customer_get_identifier (customer);

  if (value == NULL)
    return NULL;
  /* What is copied is what is shown: no control characters, one line. */
  return bottega_text_one_line (value, 200);
}

static void
copy_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BottegaCustomerPane *self = BOTTEGA_CUSTOMER_PANE (widget);
  const char *field = g_variant_get_string (parameter, NULL);
  g_autofree char *value = contact_value (shown_customer (self), field);

  if (value == NULL || value[0] == '\0')
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), value);
  if (g_str_equal (field, "phone"))
    toast (self, _("Phone number copied"));
  else if (g_str_equal (field, "email"))
    toast (self, _("E-mail address copied"));
  else
    toast (self, _("Identifier copied"));
}

static void
open_conversation_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  g_signal_emit (widget, signals[OPEN_CONVERSATION], 0, g_variant_get_int64 (parameter));
}

/* The thumbnail on show for attachment @id, or NULL. */
static GdkPaintable *
thumbnail_paintable (BottegaCustomerPane *self,
                     gint64               id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->media_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));

      if (target != NULL && g_variant_get_int64 (target) == id)
        return gtk_picture_get_paintable (GTK_PICTURE (gtk_button_get_child (GTK_BUTTON (button))));
    }

  return NULL;
}

static void
open_media_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BottegaCustomerPane *self = BOTTEGA_CUSTOMER_PANE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  BottegaAttachment *attachment = NULL;
  BottegaImageViewer *viewer;
  GtkRoot *root;

  if (self->media == NULL || self->shown == NULL)
    return;

  for (guint i = 0; i < self->media->len; i++)
    if (bottega_attachment_get_id (g_ptr_array_index (self->media, i)) == id)
      attachment = g_ptr_array_index (self->media, i);
  if (attachment == NULL)
    return;

  root = gtk_widget_get_root (widget);
  viewer = bottega_image_viewer_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, attachment,
                                     bottega_conversation_get_account_id (self->shown),
                                     thumbnail_paintable (self, id));
  gtk_window_present (GTK_WINDOW (viewer));
}

/* ---- rows ---- */

/* A row of a boxed list: a small title above a value (untrusted, shown as
 * plain text), and a copy button when @copy_field is set. */
static GtkWidget *
value_row_new (const char *title,
               const char *value,
               const char *copy_field,
               const char *copy_label)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_label = gtk_label_new (NULL);
  GtkWidget *value_label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (title_label), title);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title_label, "caption");
  gtk_widget_add_css_class (title_label, "dim-label");

  gtk_label_set_use_markup (GTK_LABEL (value_label), FALSE);
  gtk_label_set_text (GTK_LABEL (value_label), value);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (value_label), 4);
  gtk_label_set_ellipsize (GTK_LABEL (value_label), PANGO_ELLIPSIZE_END);

  gtk_box_append (GTK_BOX (labels), title_label);
  gtk_box_append (GTK_BOX (labels), value_label);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), labels);

  if (copy_field != NULL)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Copy"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label,
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "customer-pane.copy");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", copy_field);
      gtk_box_append (GTK_BOX (box), button);
    }

  gtk_widget_add_css_class (box, "customer-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* The keyboard goes straight to the copy buttons. */
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

/* ---- sections ---- */

static void
update_header (BottegaCustomerPane *self,
               BottegaConversation *conversation,
               BottegaInbox        *inbox)
{
  BottegaCustomer *customer = bottega_conversation_get_customer (conversation);
  g_autofree char *name = display_name (customer);
  g_autofree char *channel = NULL;
  const char *type = bottega_channel_get_name (inbox != NULL ? bottega_inbox_get_channel_type (inbox)
                                                      : bottega_conversation_get_channel (conversation));

  if (inbox != NULL)
    {
      g_autofree char *inbox_name = bottega_text_one_line (bottega_inbox_get_name (inbox), 60);

      if (inbox_name[0] != '\0' && type != NULL)
        /* Translators: the inbox a conversation came through, and its kind, e.g. “Shop · WhatsApp” */
        channel = g_strdup_printf (C_("inbox and channel", "%s · %s"), inbox_name, type);
      else if (inbox_name[0] != '\0')
        channel = g_steal_pointer (&inbox_name);
    }
  if (channel == NULL)
    channel = g_strdup (type != NULL ? type : "");

  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->channel_label, channel);
  gtk_widget_set_visible (GTK_WIDGET (self->channel_label), channel[0] != '\0');
  gtk_widget_set_visible (self->blocked_label,
                          customer != NULL && bottega_customer_get_blocked (customer));
}

static void
update_contact (BottegaCustomerPane *self,
                BottegaConversation *conversation)
{
  BottegaCustomer *customer = bottega_conversation_get_customer (conversation);
  g_autofree char *phone = contact_value (customer, "phone");
  g_autofree char *email = contact_value (customer, "email");
  g_autofree char *identifier = contact_value (customer, "identifier");
  g_autofree char *key = NULL;

  key = g_strjoin ("\x1f", phone ? phone : "", email ? email : "", identifier ? identifier : "", NULL);
  if (!key_changed (&self->contact_key, key))
    return;

  remove_all_children (GTK_WIDGET (self->contact_list));

  if (phone != NULL && phone[0] != '\0')
    gtk_list_box_append (self->contact_list,
                         value_row_new (_("Phone"), phone, "phone", _("Copy phone number")));
  if (email != NULL && email[0] != '\0')
    gtk_list_box_append (self->contact_list,
                         value_row_new (_("E-mail"), email, "email", _("Copy e-mail address")));
  if (identifier != NULL && identifier[0] != '\0')
    gtk_list_box_append (self->contact_list,
                         value_row_new (_("Identifier"), identifier, "identifier", _("Copy identifier")));

  if (gtk_widget_get_first_child (GTK_WIDGET (self->contact_list)) == NULL)
    gtk_list_box_append (self->contact_list,
                         value_row_new (_("Contact"), _("No phone number or e-mail address"), NULL, NULL));
}

/* TRUE when @json nests no deeper than @max_depth (so a hostile value
 * cannot make the parser recurse without end). */
static gboolean
json_depth_ok (const char *json,
               guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (const char *p = json; *p != '\0'; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '{' || *p == '[')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((*p == '}' || *p == ']') && depth > 0)
        depth--;
    }

  return TRUE;
}

/* The value of one attribute as one bounded line, or NULL to leave it out. */
static char *
attribute_value (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      return NULL;

    case JSON_NODE_OBJECT:
    case JSON_NODE_ARRAY:
      {
        g_autofree char *text = NULL;

        if ((JSON_NODE_HOLDS_OBJECT (node) && json_object_get_size (json_node_get_object (node)) == 0) ||
            (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 0))
          return NULL;
        /* Nested values are shown as the JSON text they are. */
        text = json_to_string (node, FALSE);
        return bottega_text_one_line (text, MAX_VALUE_CHARS);
      }

    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    case G_TYPE_STRING:
      {
        g_autofree char *text = bottega_text_one_line (json_node_get_string (node), MAX_VALUE_CHARS);

        return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
      }
    default:
      return NULL;
    }
}

/* "country_code" → "Country code". */
static char *
attribute_title (const char *key)
{
  g_autofree char *line = bottega_text_one_line (key, MAX_KEY_CHARS);
  g_autoptr(GString) title = NULL;
  gunichar first;

  g_strdelimit (line, "_", ' ');
  g_strstrip (line);
  if (line[0] == '\0')
    return NULL;

  first = g_utf8_get_char (line);
  title = g_string_new (NULL);
  g_string_append_unichar (title, g_unichar_totitle (first));
  g_string_append (title, g_utf8_next_char (line));
  return g_string_free (g_steal_pointer (&title), FALSE);
}

/* Appends title, value, title, value … of the members of the JSON object
 * text @json to @pairs. Anything that is not a JSON object is left out. */
static void
collect_attributes (GPtrArray  *pairs,
                    const char *json)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonNode *root;

  if (json == NULL || json[0] == '\0' || strlen (json) > MAX_ATTRIBUTES_JSON ||
      !json_depth_ok (json, MAX_ATTRIBUTES_DEPTH))
    return;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL && pairs->len < 2 * MAX_ATTRIBUTES; l = l->next)
    {
      g_autofree char *title = attribute_title (l->data);
      g_autofree char *value = NULL;

      if (title == NULL)
        continue;
      value = attribute_value (json_object_get_member (object, l->data));
      if (value == NULL)
        continue;

      g_ptr_array_add (pairs, g_steal_pointer (&title));
      g_ptr_array_add (pairs, g_steal_pointer (&value));
    }
}

static void
update_attributes (BottegaCustomerPane *self,
                   BottegaCustomer     *customer)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) key = g_string_new (NULL);

  if (customer != NULL)
    {
      collect_attributes (pairs, bottega_customer_get_additional_attributes (customer));
      collect_attributes (pairs, bottega_customer_get_custom_attributes (customer));
    }

  for (guint i = 0; i < pairs->len; i++)
    {
      g_string_append (key, g_ptr_array_index (pairs, i));
      g_string_append_c (key, '\x1f');
    }
  if (!key_changed (&self->attributes_key, key->str))
    return;

  remove_all_children (GTK_WIDGET (self->attributes_list));
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    gtk_list_box_append (self->attributes_list,
                         value_row_new (g_ptr_array_index (pairs, i), g_ptr_array_index (pairs, i + 1),
                                        NULL, NULL));
  gtk_widget_set_visible (self->attributes_section, pairs->len > 0);
}

static void
update_labels (BottegaCustomerPane *self,
               BottegaConversation *conversation)
{
  const char * const *labels = bottega_conversation_get_labels (conversation);
  g_autofree char *key = g_strjoinv ("\x1f", (char **) labels);
  guint n = 0;

  if (!key_changed (&self->labels_key, key))
    return;

  remove_all_children (GTK_WIDGET (self->labels_box));
  for (; labels != NULL && labels[n] != NULL; n++)
    {
      g_autofree char *title = bottega_text_one_line (labels[n], MAX_LABEL_CHARS);
      GtkWidget *label = gtk_label_new (NULL);
      GtkWidget *child = gtk_flow_box_child_new ();

      gtk_label_set_text (GTK_LABEL (label), title);
      gtk_widget_add_css_class (label, "customer-label");
      gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), label);
      gtk_widget_set_focusable (child, FALSE);
      gtk_widget_set_halign (child, GTK_ALIGN_START);
      gtk_flow_box_append (self->labels_box, child);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->labels_box), n > 0);
  gtk_widget_set_visible (self->no_labels_label, n == 0);
}

static void
update_notes (BottegaCustomerPane *self,
              BottegaConversation *conversation)
{
  g_autoptr(BottegaMessage) note = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count_text = NULL;
  guint count = 0;

  if (self->store != NULL)
    {
      gint64 id = bottega_conversation_get_id (conversation);

      count = bottega_store_count_notes (self->store, id);
      note = bottega_store_get_latest_note (self->store, id, &error);
      if (error != NULL)
        g_debug ("Cannot read the notes: %s", error->message);
    }

  if (count == 0)
    count_text = g_strdup (_("No private notes in this conversation"));
  else
    count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u private note in this conversation; the newest:",
                                               "%u private notes in this conversation; the newest:",
                                               count),
                                  count);
  gtk_label_set_text (self->notes_count_label, count_text);

  gtk_widget_set_visible (self->note_box, note != NULL);
  if (note != NULL)
    {
      g_autofree char *text = bounded_text (bottega_message_get_content (note), MAX_NOTE_CHARS);
      g_autofree char *sender = bottega_text_one_line (bottega_message_get_sender_name (note), 60);
      g_autofree char *when = bottega_format_short_time (bottega_message_get_created_at (note),
                                                         g_get_real_time () / G_USEC_PER_SEC);
      g_autofree char *meta = NULL;

      if (sender[0] != '\0' && when[0] != '\0')
        /* Translators: who wrote a private note, and when */
        meta = g_strdup_printf (C_("note author and time", "%s · %s"), sender, when);
      else
        meta = g_strdup (sender[0] != '\0' ? sender : when);

      gtk_label_set_text (self->note_label, text[0] != '\0' ? text : _("(attachment)"));
      gtk_label_set_text (self->note_meta_label, meta);
      gtk_widget_set_visible (GTK_WIDGET (self->note_meta_label), meta[0] != '\0');
    }
}

static GtkWidget *
conversation_row_new (BottegaConversation *conversation)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  int unread = bottega_conversation_get_unread_count (conversation);
  const char *status = status_name (bottega_conversation_get_status (conversation));

  title = g_strdup_printf (_("Conversation #%lld"), (long long) bottega_conversation_get_remote_id (conversation));
  when = bottega_format_short_time (bottega_conversation_get_last_activity_at (conversation),
                                    g_get_real_time () / G_USEC_PER_SEC);
  if (unread > 0)
    /* Translators: a past conversation: its status, last activity and unread count */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s · %d unread", "%s · %s · %d unread",
                                             unread),
                                status, when, unread);
  else
    /* Translators: a past conversation: its status and last activity */
    subtitle = g_strdup_printf (C_("past conversation", "%s · %s"), status, when);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "customer-pane.open-conversation");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", bottega_conversation_get_id (conversation));

  accessible = g_strdup_printf ("%s, %s", title, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

static void
update_conversations (BottegaCustomerPane *self,
                      BottegaConversation *conversation)
{
  BottegaCustomer *customer = bottega_conversation_get_customer (conversation);
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) key = g_string_new (NULL);
  gint64 current = bottega_conversation_get_id (conversation);
  guint shown = 0;

  g_array_set_size (self->related, 0);
  g_array_append_val (self->related, current);

  if (self->store != NULL && customer != NULL && bottega_customer_get_id (customer) != 0)
    {
      /* One more than shown: the open one is in the list too. */
      conversations = bottega_store_list_customer_conversations (self->store, bottega_customer_get_id (customer),
                                                                 MAX_CONVERSATIONS + 1, &error);
      if (conversations == NULL)
        g_debug ("Cannot read the customer's conversations: %s", error->message);
    }

  for (guint i = 0; conversations != NULL && i < conversations->len; i++)
    {
      BottegaConversation *other = g_ptr_array_index (conversations, i);
      gint64 id = bottega_conversation_get_id (other);

      if (id == current)
        continue;
      g_array_append_val (self->related, id);
      g_string_append_printf (key, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%d:%" G_GINT64_FORMAT ":%d;",
                              id, bottega_conversation_get_remote_id (other),
                              (int) bottega_conversation_get_status (other),
                              bottega_conversation_get_last_activity_at (other),
                              bottega_conversation_get_unread_count (other));
    }

  if (!key_changed (&self->conversations_key, key->str))
    return;

  remove_all_children (GTK_WIDGET (self->conversations_list));
  for (guint i = 0; conversations != NULL && i < conversations->len && shown < MAX_CONVERSATIONS; i++)
    {
      BottegaConversation *other = g_ptr_array_index (conversations, i);

      if (bottega_conversation_get_id (other) == current)
        continue;
      gtk_list_box_append (self->conversations_list, conversation_row_new (other));
      shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->conversations_list), shown > 0);
  gtk_widget_set_visible (self->no_conversations_label, shown == 0);
}

/* ---- shared photos ---- */

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  GdkPixbuf *pixbuf;

  /* Off the main thread, at a bounded size, and refused before decoding
   * when the file claims too many pixels. */
  pixbuf = bottega_attachment_decode_image (file, THUMBNAIL_DECODED, cancellable, &error);
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
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  if (pixbuf == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot show a photo: %s", error->message);
      return;
    }

  texture = gdk_texture_new_for_pixbuf (pixbuf);
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
thumbnail_fetched (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  file = bottega_media_cache_fetch_finish (BOTTEGA_MEDIA_CACHE (object), result, &error);
  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot fetch a photo: %s", error->message);
      return;
    }

  task = g_task_new (NULL, g_object_get_data (G_OBJECT (picture), "cancellable"), decoded,
                     g_object_ref (picture));
  g_task_set_source_tag (task, thumbnail_fetched);
  g_task_set_task_data (task, g_steal_pointer (&file), g_object_unref);
  g_task_run_in_thread (task, decode_thread);
}

static GtkWidget *
thumbnail_new (BottegaCustomerPane *self,
               BottegaAttachment   *attachment,
               gint64               account_id)
{
  GApplication *app = g_application_get_default ();
  GtkWidget *button = gtk_button_new ();
  GtkWidget *picture = gtk_picture_new ();
  g_autofree char *name = bottega_text_one_line (bottega_attachment_get_file_name (attachment), 80);
  g_autofree char *label = NULL;

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_widget_set_size_request (picture, THUMBNAIL_SHOWN, THUMBNAIL_SHOWN);
  gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (picture, "customer-thumbnail");

  if (name[0] != '\0')
    /* Translators: a shared photo's button; %s is its file name */
    label = g_strdup_printf (_("Open photo %s"), name);
  else
    label = g_strdup (_("Open photo"));

  gtk_button_set_child (GTK_BUTTON (button), picture);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "customer-media");
  gtk_widget_set_tooltip_text (button, name[0] != '\0' ? name : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "customer-pane.open-media");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", bottega_attachment_get_id (attachment));

  /* Outside the app (widget tests) the pictures stay empty squares. */
  if (BOTTEGA_IS_APPLICATION (app))
    {
      BottegaSyncEngine *engine = bottega_application_get_engine (BOTTEGA_APPLICATION (app), account_id);

      g_object_set_data_full (G_OBJECT (picture), "cancellable", g_object_ref (self->media_cancellable),
                              g_object_unref);
      bottega_media_cache_fetch_async (bottega_application_get_media_cache (BOTTEGA_APPLICATION (app)),
                                       engine != NULL ? bottega_sync_engine_get_client (engine) : NULL,
                                       attachment, account_id, TRUE, self->media_cancellable,
                                       thumbnail_fetched, g_object_ref (picture));
    }

  return button;
}

static void
update_media (BottegaCustomerPane *self,
              BottegaConversation *conversation)
{
  BottegaCustomer *customer = bottega_conversation_get_customer (conversation);
  g_autoptr(GPtrArray) media = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) key = g_string_new (NULL);

  if (self->store != NULL && customer != NULL && bottega_customer_get_id (customer) != 0)
    {
      media = bottega_store_list_customer_attachments (self->store, bottega_customer_get_id (customer),
                                                       "image", MAX_MEDIA, &error);
      if (media == NULL)
        g_debug ("Cannot read the customer's photos: %s", error->message);
    }

  /* The local path changes once a photo is downloaded: nothing to redo. */
  for (guint i = 0; media != NULL && i < media->len; i++)
    g_string_append_printf (key, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ";",
                            bottega_attachment_get_id (g_ptr_array_index (media, i)),
                            bottega_attachment_get_remote_id (g_ptr_array_index (media, i)));
  if (!key_changed (&self->media_key, key->str))
    return;

  g_cancellable_cancel (self->media_cancellable);
  g_clear_object (&self->media_cancellable);
  self->media_cancellable = g_cancellable_new ();
  g_clear_pointer (&self->media, g_ptr_array_unref);
  self->media = media != NULL ? g_ptr_array_ref (media) : NULL;

  remove_all_children (GTK_WIDGET (self->media_box));
  for (guint i = 0; media != NULL && i < media->len; i++)
    {
      GtkWidget *child = gtk_flow_box_child_new ();

      gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child),
                                    thumbnail_new (self, g_ptr_array_index (media, i),
                                                   bottega_conversation_get_account_id (conversation)));
      /* The button inside takes the keyboard, not the flow box child. */
      gtk_widget_set_focusable (child, FALSE);
      gtk_flow_box_append (self->media_box, child);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->media_box), media != NULL && media->len > 0);
  gtk_widget_set_visible (self->no_media_label, media == NULL || media->len == 0);
}

/* ---- following the store ---- */

static BottegaInbox *
find_inbox (BottegaCustomerPane *self,
            BottegaConversation *conversation)
{
  g_autoptr(GPtrArray) inboxes = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return NULL;

  inboxes = bottega_store_list_inboxes (self->store, bottega_conversation_get_account_id (conversation), &error);
  if (inboxes == NULL)
    {
      g_debug ("Cannot read the inboxes: %s", error->message);
      return NULL;
    }

  for (guint i = 0; i < inboxes->len; i++)
    {
      BottegaInbox *inbox = g_ptr_array_index (inboxes, i);

      if (bottega_inbox_get_remote_id (inbox) == bottega_conversation_get_inbox_id (conversation))
        return g_object_ref (inbox);
    }

  return NULL;
}

static void
forget_sections (BottegaCustomerPane *self)
{
  g_clear_pointer (&self->contact_key, g_free);
  g_clear_pointer (&self->attributes_key, g_free);
  g_clear_pointer (&self->labels_key, g_free);
  g_clear_pointer (&self->conversations_key, g_free);
  g_clear_pointer (&self->media_key, g_free);
  g_cancellable_cancel (self->media_cancellable);
  g_clear_pointer (&self->media, g_ptr_array_unref);
  g_array_set_size (self->related, 0);
}

static void
refresh (BottegaCustomerPane *self)
{
  g_autoptr(BottegaConversation) fresh = NULL;
  g_autoptr(BottegaInbox) inbox = NULL;
  gboolean other;

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->conversation == NULL)
    {
      forget_sections (self);
      g_clear_object (&self->shown);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      fresh = bottega_store_get_conversation (self->store, bottega_conversation_get_id (self->conversation),
                                              &error);
      if (fresh == NULL)
        g_debug ("Showing the customer as the list had it: %s", error->message);
    }
  if (fresh == NULL)
    fresh = g_object_ref (self->conversation);

  other = self->shown == NULL || bottega_conversation_get_id (self->shown) != bottega_conversation_get_id (fresh);
  g_set_object (&self->shown, fresh);

  inbox = find_inbox (self, fresh);
  update_header (self, fresh, inbox);
  update_contact (self, fresh);
  update_attributes (self, bottega_conversation_get_customer (fresh));
  update_labels (self, fresh);
  update_notes (self, fresh);
  update_conversations (self, fresh);
  update_media (self, fresh);

  /* Another customer starts at the top. */
  if (other)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, "customer");
}

static gboolean
refresh_timeout (gpointer user_data)
{
  BottegaCustomerPane *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (BottegaCustomerPane *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout, self);
}

static void
on_conversations_changed (BottegaCustomerPane *self,
                          gint64               account_id,
                          BottegaStore        *store)
{
  if (self->conversation != NULL && bottega_conversation_get_account_id (self->conversation) == account_id)
    schedule_refresh (self);
}

static void
on_messages_changed (BottegaCustomerPane *self,
                     gint64               conversation_id,
                     BottegaStore        *store)
{
  for (guint i = 0; i < self->related->len; i++)
    if (g_array_index (self->related, gint64, i) == conversation_id)
      {
        schedule_refresh (self);
        return;
      }
}

/* ---- public ---- */

BottegaCustomerPane *
bottega_customer_pane_new (void)
{
  return g_object_new (BOTTEGA_TYPE_CUSTOMER_PANE, NULL);
}

void
bottega_customer_pane_set_store (BottegaCustomerPane *self,
                                 BottegaStore        *store)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER_PANE (self));
  g_return_if_fail (store == NULL || BOTTEGA_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      g_signal_connect_object (store, "conversations-changed", G_CALLBACK (on_conversations_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "messages-changed", G_CALLBACK (on_messages_changed),
                               self, G_CONNECT_SWAPPED);
    }

  forget_sections (self);
  refresh (self);
}

void
bottega_customer_pane_set_conversation (BottegaCustomerPane *self,
                                        BottegaConversation *conversation)
{
  g_return_if_fail (BOTTEGA_IS_CUSTOMER_PANE (self));
  g_return_if_fail (conversation == NULL || BOTTEGA_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  g_set_object (&self->conversation, conversation);
  refresh (self);
}

/* ---- GObject ---- */

static void
bottega_customer_pane_dispose (GObject *object)
{
  BottegaCustomerPane *self = BOTTEGA_CUSTOMER_PANE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->media_cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->conversation);
  g_clear_object (&self->shown);
  g_clear_pointer (&self->media, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), BOTTEGA_TYPE_CUSTOMER_PANE);

  G_OBJECT_CLASS (bottega_customer_pane_parent_class)->dispose (object);
}

static void
bottega_customer_pane_finalize (GObject *object)
{
  BottegaCustomerPane *self = BOTTEGA_CUSTOMER_PANE (object);

  g_clear_object (&self->media_cancellable);
  g_clear_pointer (&self->related, g_array_unref);
  g_free (self->contact_key);
  g_free (self->attributes_key);
  g_free (self->labels_key);
  g_free (self->conversations_key);
  g_free (self->media_key);

  G_OBJECT_CLASS (bottega_customer_pane_parent_class)->finalize (object);
}

static void
bottega_customer_pane_class_init (BottegaCustomerPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_customer_pane_dispose;
  object_class->finalize = bottega_customer_pane_finalize;

  /**
   * BottegaCustomerPane::open-conversation:
   * @conversation_id: the local id of the picked conversation
   *
   * A past conversation of the customer was picked.
   */
  signals[OPEN_CONVERSATION] = g_signal_new ("open-conversation",
                                             G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bottega_chat/Bottega/bottega-customer-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, avatar);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, name_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, channel_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, blocked_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, contact_list);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, attributes_section);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, attributes_list);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, labels_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, no_labels_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, notes_count_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, note_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, note_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, note_meta_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, conversations_list);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, no_conversations_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, media_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaCustomerPane, no_media_label);

  gtk_widget_class_install_action (widget_class, "customer-pane.copy", "s", copy_activated);
  gtk_widget_class_install_action (widget_class, "customer-pane.open-conversation", "x",
                                   open_conversation_activated);
  gtk_widget_class_install_action (widget_class, "customer-pane.open-media", "x", open_media_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "customerpane");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bottega_customer_pane_init (BottegaCustomerPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->related = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->media_cancellable = g_cancellable_new ();
}
