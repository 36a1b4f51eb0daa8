/* bottega-conversation-row.c: one row of the conversation list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bottega-channel.h"
#include "bottega-conversation-row.h"
#include "bottega-text.h"

struct _BottegaConversationRow
{
  GtkWidget            parent_instance;

  GtkWidget           *box;
  AdwAvatar           *avatar;
  GtkLabel            *name_label;
  GtkLabel            *time_label;
  GtkImage            *channel_icon;
  GtkLabel            *preview_label;
  GtkLabel            *unread_label;
  GtkWidget           *meta_box;
  GtkWidget           *labels_box;
  GtkWidget           *waiting_box;
  GtkLabel            *waiting_label;
  GMenuModel          *context_menu;
  GtkWidget           *context_popover;  /* made at the first popup */

  BottegaConversation *conversation;
  GHashTable          *label_colors;
  char                *shown_labels;        /* what the pills show, to skip rebuilding them */
  guint                waiting_threshold;   /* minutes */
};

/* Labels shown as pills; more are counted ("+2"). */
#define MAX_PILLS 3

G_DEFINE_FINAL_TYPE (BottegaConversationRow, bottega_conversation_row, GTK_TYPE_WIDGET)

char *
bottega_format_short_time (gint64 unix_time,
                           gint64 now)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  gint64 since_midnight;

  if (unix_time <= 0)
    return g_strdup ("");

  when = g_date_time_new_from_unix_local (unix_time);
  today = g_date_time_new_from_unix_local (now);
  if (when == NULL || today == NULL)
    return g_strdup ("");

  midnight = g_date_time_new_local (g_date_time_get_year (today), g_date_time_get_month (today),
                                    g_date_time_get_day_of_month (today), 0, 0, 0);
  since_midnight = g_date_time_to_unix (midnight);

  if (unix_time >= since_midnight)
    /* Translators: time of today's messages in the list, see strftime */
    return g_date_time_format (when, C_("short time", "%H:%M"));
  if (unix_time >= since_midnight - 24 * 3600)
    return g_strdup (_("Yesterday"));
  if (unix_time >= since_midnight - 6 * 24 * 3600)
    /* Translators: the weekday of messages of the past week in the list,
     * e.g. "Mon"; see strftime */
    return g_date_time_format (when, C_("short date", "%a"));
  if (g_date_time_get_year (when) == g_date_time_get_year (today))
    /* Translators: the date of older messages of this year in the list,
     * e.g. "17 Nov"; see strftime */
    return g_date_time_format (when, C_("short date", "%-d %b"));
  /* Translators: the date of messages of an earlier year in the list,
   * e.g. "17 Nov 2024"; see strftime */
  return g_date_time_format (when, C_("short date", "%-d %b %Y"));
}

char *
bottega_format_waiting (gint64 seconds)
{
  gint64 minutes = MAX (seconds, 0) / 60;

  if (minutes < 60)
    /* Translators: how long a customer has waited for an answer, in minutes */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min", "%d min", MAX (minutes, 1)),
                            (int) MAX (minutes, 1));
  if (minutes < 48 * 60)
    /* Translators: how long a customer has waited for an answer, in hours */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d h", "%d h", minutes / 60),
                            (int) (minutes / 60));
  /* Translators: how long a customer has waited for an answer, in days */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d d", "%d d", minutes / (24 * 60)),
                          (int) (minutes / (24 * 60)));
}

/* ---- label colours ----
 *
 * A label's colour comes from the provider: only "#RRGGBB" is taken, and
 * each colour becomes one CSS class on one provider for the display. */

static GtkCssProvider *pill_provider;
static GString *pill_css;
static GHashTable *pill_classes;   /* "rrggbb" → TRUE */

/* The CSS class of @color, or NULL when it is not "#RRGGBB". */
static char *
pill_class_for (const char *color)
{
  g_autofree char *hex = NULL;

  if (color == NULL || color[0] != '#' || strlen (color) != 7)
    return NULL;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (color[i]))
      return NULL;

  hex = g_ascii_strdown (color + 1, -1);
  if (pill_classes == NULL)
    {
      pill_classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      pill_css = g_string_new (NULL);
      pill_provider = gtk_css_provider_new ();
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (pill_provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
  if (!g_hash_table_contains (pill_classes, hex))
    {
      g_hash_table_add (pill_classes, g_strdup (hex));
      g_string_append_printf (pill_css,
                              ".label-pill.color-%s { background-color: alpha(#%s, 0.2); "
                              "border-color: alpha(#%s, 0.65); }\n",
                              hex, hex, hex);
      gtk_css_provider_load_from_data (pill_provider, pill_css->str, -1);
    }

  return g_strconcat ("color-", hex, NULL);
}

static GtkWidget *
pill_new (const char *text,
          const char *color)
{
  GtkWidget *pill = gtk_label_new (text);
  g_autofree char *color_class = pill_class_for (color);

  gtk_label_set_single_line_mode (GTK_LABEL (pill), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (pill), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (pill), 14);
  gtk_widget_add_css_class (pill, "label-pill");
  if (color_class != NULL)
    gtk_widget_add_css_class (pill, color_class);

  return pill;
}

/* How long the customer has waited, or 0 when nobody waits. */
static gint64
waiting_seconds (BottegaConversation *conversation,
                 gint64               now)
{
  gint64 since = bottega_conversation_get_waiting_since (conversation);

  if (since <= 0 || bottega_conversation_get_status (conversation) == BOTTEGA_CONVERSATION_RESOLVED)
    return 0;

  return MAX (now - since, 1);
}

/* Past the waiting time set in Preferences (0: no limit). */
static gboolean
waiting_too_long (BottegaConversationRow *self,
                  gint64                  waited)
{
  return self->waiting_threshold > 0 && waited >= (gint64) self->waiting_threshold * 60;
}

static void
update_labels (BottegaConversationRow *self)
{
  const char * const *labels = bottega_conversation_get_labels (self->conversation);
  g_autoptr(GString) key = g_string_new (NULL);
  GtkWidget *child;
  guint n = labels != NULL ? g_strv_length ((char **) labels) : 0;

  /* The clock refreshes rows every minute: the pills only change with
   * the labels or their colours. */
  for (guint i = 0; i < n; i++)
    {
      const char *color = self->label_colors != NULL ? g_hash_table_lookup (self->label_colors, labels[i]) : NULL;

      g_string_append_printf (key, "%s\x1f%s\x1e", labels[i], color != NULL ? color : "");
    }
  if (g_strcmp0 (self->shown_labels, key->str) == 0)
    return;
  g_free (self->shown_labels);
  self->shown_labels = g_strdup (key->str);

  while ((child = gtk_widget_get_first_child (self->labels_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->labels_box), child);

  for (guint i = 0; i < n && i < MAX_PILLS; i++)
    {
      g_autofree char *title = bottega_text_one_line (labels[i], 40);
      const char *color = self->label_colors != NULL ? g_hash_table_lookup (self->label_colors, labels[i]) : NULL;

      gtk_box_append (GTK_BOX (self->labels_box), pill_new (title, color));
    }
  if (n > MAX_PILLS)
    {
      g_autofree char *more = g_strdup_printf ("+%u", n - MAX_PILLS);

      gtk_box_append (GTK_BOX (self->labels_box), pill_new (more, NULL));
    }

  gtk_widget_set_visible (self->labels_box, n > 0);
}

/* The time of the last activity and the customer's wait, which move on
 * with the clock. */
static void
update_times (BottegaConversationRow *self,
              gint64                  now)
{
  g_autofree char *time = NULL;
  gint64 waited;

  time = bottega_format_short_time (bottega_conversation_get_last_activity_at (self->conversation), now);
  gtk_label_set_text (self->time_label, time);

  waited = waiting_seconds (self->conversation, now);
  gtk_widget_set_visible (self->waiting_box, waited > 0);
  if (waited > 0)
    {
      g_autofree char *text = bottega_format_waiting (waited);
      g_autofree char *tooltip = NULL;

      gtk_label_set_text (self->waiting_label, text);
      /* Translators: %s is how long, e.g. "12 min" */
      tooltip = g_strdup_printf (_("The customer has waited %s for an answer"), text);
      gtk_widget_set_tooltip_text (self->waiting_box, tooltip);
      if (waiting_too_long (self, waited))
        gtk_widget_add_css_class (self->waiting_box, "waiting-long");
      else
        gtk_widget_remove_css_class (self->waiting_box, "waiting-long");
    }

  gtk_widget_set_visible (self->meta_box,
                          waited > 0 || gtk_widget_get_visible (self->labels_box));
}

/* What a screen reader says for the row: who, how many unread, how long
 * they waited, the labels, then the last message or the draft. */
static void
update_accessible (BottegaConversationRow *self,
                   const char             *name,
                   const char             *preview,
                   gint64                  now)
{
  g_autoptr(GString) text = g_string_new (name);
  const char * const *labels = bottega_conversation_get_labels (self->conversation);
  const char *channel = bottega_channel_get_name (bottega_conversation_get_channel (self->conversation));
  int unread = bottega_conversation_get_unread_count (self->conversation);
  gint64 waited = waiting_seconds (self->conversation, now);

  if (channel != NULL)
    g_string_append_printf (text, ", %s", channel);
  if (unread > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d unread message",
                                                 "%d unread messages", unread),
                              unread);
    }
  if (waited > 0)
    {
      g_autofree char *how_long = bottega_format_waiting (waited);

      g_string_append (text, ", ");
      if (waiting_too_long (self, waited))
        /* Translators: %s is how long, e.g. "12 min"; longer than the
         * waiting time set in Preferences */
        g_string_append_printf (text, _("waiting %s, past the limit"), how_long);
      else
        /* Translators: %s is how long, e.g. "12 min" */
        g_string_append_printf (text, _("waiting %s"), how_long);
    }
  if (labels != NULL && labels[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) labels);
      g_autofree char *clean = bottega_text_one_line (joined, 200);

      g_string_append (text, ", ");
      /* Translators: %s is a list of label titles */
      g_string_append_printf (text, _("labels %s"), clean);
    }
  g_string_append (text, ": ");
  g_string_append (text, preview);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text->str,
                                  -1);
}

static void
update (BottegaConversationRow *self)
{
  BottegaConversation *conversation = self->conversation;
  BottegaCustomer *customer;
  BottegaMessage *last;
  g_autofree char *name = NULL;
  g_autofree char *preview = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *draft;
  int unread;

  if (conversation == NULL)
    return;

  customer = bottega_conversation_get_customer (conversation);
  last = bottega_conversation_get_last_message (conversation);
  draft = bottega_conversation_get_draft (conversation);
  unread = bottega_conversation_get_unread_count (conversation);

  name = bottega_text_one_line (customer != NULL ? bottega_customer_get_name (customer) : NULL, 80);
  if (name[0] == '\0')
    {
      g_free (name);
      name = g_strdup_printf (_("Conversation #%lld"), (long long) bottega_conversation_get_remote_id (conversation));
    }

  if (draft != NULL && draft[0] != '\0')
    {
      g_autofree char *text = bottega_text_one_line (draft, 120);

      /* Translators: the unsent draft in the conversation list */
      preview = g_strdup_printf (_("Draft: %s"), text);
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "draft");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "draft");
      preview = last != NULL ? bottega_text_message_preview (last) : g_strdup ("");
    }

  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->preview_label, preview);
  gtk_image_set_from_icon_name (self->channel_icon,
                                bottega_channel_get_icon_name (bottega_conversation_get_channel (conversation)));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->channel_icon),
                               bottega_channel_get_name (bottega_conversation_get_channel (conversation)));

  gtk_widget_set_visible (GTK_WIDGET (self->unread_label), unread > 0);
  if (unread > 0)
    {
      g_autofree char *count = unread >= 10 ? g_strdup ("9+") : g_strdup_printf ("%d", unread);

      gtk_label_set_text (self->unread_label, count);
    }
  if (unread > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "unread");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_label), "unread");

  update_labels (self);
  update_times (self, now);
  update_accessible (self, name, preview, now);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.mark-read", unread > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.mark-unread", unread == 0);
}

void
bottega_conversation_row_set_conversation (BottegaConversationRow *self,
                                           BottegaConversation    *conversation)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION_ROW (self));
  g_return_if_fail (conversation == NULL || BOTTEGA_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  /* The store updates a listed conversation in place (its last message,
   * draft, unread count): follow it. */
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_func (self->conversation, update, self);
  g_set_object (&self->conversation, conversation);
  if (conversation != NULL)
    g_signal_connect_object (conversation, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  else if (self->context_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->context_popover));
  update (self);
}

BottegaConversation *
bottega_conversation_row_get_conversation (BottegaConversationRow *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CONVERSATION_ROW (self), NULL);

  return self->conversation;
}

void
bottega_conversation_row_set_label_colors (BottegaConversationRow *self,
                                           GHashTable             *colors)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION_ROW (self));

  if (self->label_colors == colors)
    return;

  g_clear_pointer (&self->label_colors, g_hash_table_unref);
  if (colors != NULL)
    self->label_colors = g_hash_table_ref (colors);
  if (self->conversation != NULL)
    {
      update_labels (self);
      update_times (self, g_get_real_time () / G_USEC_PER_SEC);
    }
}

void
bottega_conversation_row_set_waiting_threshold (BottegaConversationRow *self,
                                                guint                   minutes)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION_ROW (self));

  if (self->waiting_threshold == minutes)
    return;

  self->waiting_threshold = minutes;
  if (self->conversation != NULL)
    update_times (self, g_get_real_time () / G_USEC_PER_SEC);
}

void
bottega_conversation_row_refresh_time (BottegaConversationRow *self)
{
  g_return_if_fail (BOTTEGA_IS_CONVERSATION_ROW (self));

  /* The spoken label tells the wait too. */
  if (self->conversation != NULL)
    update (self);
}

void
bottega_conversation_row_popup_menu (BottegaConversationRow *self,
                                     double                  x,
                                     double                  y)
{
  GdkRectangle rect;

  g_return_if_fail (BOTTEGA_IS_CONVERSATION_ROW (self));

  if (self->conversation == NULL)
    return;

  /* A row's menu is made when it is first asked for: most rows never show
   * theirs, and a popover menu is a third of a row's memory. */
  if (self->context_popover == NULL)
    {
      self->context_popover = gtk_popover_menu_new_from_model (self->context_menu);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->context_popover), FALSE);
      gtk_widget_set_halign (self->context_popover, GTK_ALIGN_START);
      gtk_widget_set_parent (self->context_popover, GTK_WIDGET (self));
    }

  if (x < 0)
    {
      rect = (GdkRectangle) { 0, 0, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)) };
      gtk_popover_set_position (GTK_POPOVER (self->context_popover), GTK_POS_BOTTOM);
    }
  else
    {
      rect = (GdkRectangle) { (int) x, (int) y, 1, 1 };
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_popover));
}

static void
mark_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BottegaConversationRow *self = BOTTEGA_CONVERSATION_ROW (widget);
  gboolean read = g_str_equal (action_name, "row.mark-read");

  if (self->conversation == NULL)
    return;

  gtk_widget_activate_action (widget, read ? "win.mark-read" : "win.mark-unread", "x",
                              bottega_conversation_get_id (self->conversation));
}

static void
on_secondary_click (GtkGestureClick        *gesture,
                    int                     n_press,
                    double                  x,
                    double                  y,
                    BottegaConversationRow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  bottega_conversation_row_popup_menu (self, x, y);
}

/* ---- GtkWidget ---- */

static void
bottega_conversation_row_size_allocate (GtkWidget *widget,
                                        int        width,
                                        int        height,
                                        int        baseline)
{
  BottegaConversationRow *self = BOTTEGA_CONVERSATION_ROW (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  if (self->context_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_popover));
}

static void
bottega_conversation_row_dispose (GObject *object)
{
  BottegaConversationRow *self = BOTTEGA_CONVERSATION_ROW (object);

  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_func (self->conversation, update, self);
  g_clear_object (&self->conversation);
  g_clear_pointer (&self->label_colors, g_hash_table_unref);
  g_clear_pointer (&self->shown_labels, g_free);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->context_popover, gtk_widget_unparent);

  G_OBJECT_CLASS (bottega_conversation_row_parent_class)->dispose (object);
}

static void
bottega_conversation_row_class_init (BottegaConversationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_conversation_row_dispose;
  widget_class->size_allocate = bottega_conversation_row_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-conversation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, box);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, unread_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, meta_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, labels_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, waiting_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaConversationRow, context_menu);

  gtk_widget_class_install_action (widget_class, "row.mark-read", NULL, mark_activated);
  gtk_widget_class_install_action (widget_class, "row.mark-unread", NULL, mark_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversationrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bottega_conversation_row_init (BottegaConversationRow *self)
{
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

BottegaConversationRow *
bottega_conversation_row_new (void)
{
  return g_object_new (BOTTEGA_TYPE_CONVERSATION_ROW, NULL);
}
