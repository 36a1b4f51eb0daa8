/* bottega-jump-dialog.c: jump to a conversation by customer or number
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-conversation-row.h"
#include "bottega-jump-dialog.h"
#include "bottega-text.h"

#define MAX_RESULTS 20

struct _BottegaJumpDialog
{
  AdwWindow          parent_instance;

  GtkSearchEntry    *entry;
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkListBox        *results_list;

  BottegaStore      *store;
};

G_DEFINE_FINAL_TYPE (BottegaJumpDialog, bottega_jump_dialog, ADW_TYPE_WINDOW)

enum {
  CONVERSATION_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
status_text (BottegaConversationStatus status)
{
  switch (status)
    {
    case BOTTEGA_CONVERSATION_PENDING:
      return C_("conversation status", "Pending");
    case BOTTEGA_CONVERSATION_RESOLVED:
      return C_("conversation status", "Resolved");
    case BOTTEGA_CONVERSATION_SNOOZED:
      return C_("conversation status", "Snoozed");
    case BOTTEGA_CONVERSATION_OPEN:
    default:
      return C_("conversation status", "Open");
    }
}

static GtkWidget *
result_row_new (BottegaConversation *conversation,
                gint64               now)
{
  BottegaCustomer *customer = bottega_conversation_get_customer (conversation);
  BottegaMessage *last = bottega_conversation_get_last_message (conversation);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *avatar, *name_label, *detail_label;
  g_autofree char *name = bottega_text_one_line (customer != NULL ? bottega_customer_get_name (customer) : NULL, 80);
  g_autofree char *when = bottega_format_short_time (bottega_conversation_get_last_activity_at (conversation), now);
  g_autofree char *preview = last != NULL ? bottega_text_message_preview (last) : g_strdup ("");
  g_autofree char *detail = NULL;
  g_autofree char *accessible = NULL;
  gint64 number = bottega_conversation_get_remote_id (conversation);
  const char *status = status_text (bottega_conversation_get_status (conversation));

  if (name[0] == '\0')
    {
      g_free (name);
      name = g_strdup_printf (_("Conversation #%lld"), (long long) number);
    }

  /* Translators: conversation number, status and time of the last activity */
  detail = g_strdup_printf (_("#%lld · %s · %s"), (long long) number, status, when);

  avatar = adw_avatar_new (32, name, TRUE);
  name_label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name_label, "heading");
  detail_label = gtk_label_new (detail);
  gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail_label, "caption");
  gtk_widget_add_css_class (detail_label, "dim-label");
  gtk_widget_add_css_class (detail_label, "numeric");

  gtk_box_append (GTK_BOX (text), name_label);
  gtk_box_append (GTK_BOX (text), detail_label);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: read by a screen reader: customer, conversation number,
   * status, last message */
  accessible = g_strdup_printf (_("%s, conversation %lld, %s: %s"), name, (long long) number, status, preview);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  g_object_set_data (G_OBJECT (row), "bottega-conversation-id",
                     GSIZE_TO_POINTER ((gsize) bottega_conversation_get_id (conversation)));
  return row;
}

static void
clear_results (BottegaJumpDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
}

static void
on_search_changed (BottegaJumpDialog *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  clear_results (self);
  if (trimmed[0] == '\0' || self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "hint");
      return;
    }

  /* Indexed and limited: quick enough to run as the user types. */
  found = bottega_store_search_conversations (self->store, 0, query, MAX_RESULTS, &error);
  if (found == NULL)
    {
      g_warning ("Cannot look for conversations: %s", error->message);
      found = g_ptr_array_new ();
    }

  for (guint i = 0; i < found->len; i++)
    gtk_list_box_append (self->results_list, result_row_new (g_ptr_array_index (found, i), now));
  if (found->len > 0)
    gtk_list_box_select_row (self->results_list, gtk_list_box_get_row_at_index (self->results_list, 0));

  gtk_stack_set_visible_child_name (self->stack, found->len > 0 ? "results" : "empty");
}

static void
choose (BottegaJumpDialog *self,
        GtkListBoxRow     *row)
{
  gint64 id;

  if (row == NULL)
    return;

  id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "bottega-conversation-id"));
  g_signal_emit (self, signals[CONVERSATION_CHOSEN], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_entry_activate (BottegaJumpDialog *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results_list);

  choose (self, row != NULL ? row : gtk_list_box_get_row_at_index (self->results_list, 0));
}

static void
on_row_activated (BottegaJumpDialog *self,
                  GtkListBoxRow     *row)
{
  choose (self, row);
}

static void
on_stop_search (BottegaJumpDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* Up and Down move through the results while the keyboard stays in the
 * entry, so typing goes on. */
static void
move_selection (BottegaJumpDialog *self,
                int                delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results_list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) + delta : 0;
  GtkListBoxRow *next = gtk_list_box_get_row_at_index (self->results_list, MAX (index, 0));
  graphene_point_t top;

  if (next == NULL)
    return;

  gtk_list_box_select_row (self->results_list, next);
  if (gtk_widget_compute_point (GTK_WIDGET (next), GTK_WIDGET (self->results_list),
                                &GRAPHENE_POINT_INIT (0, 0), &top))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

      gtk_adjustment_clamp_page (adjustment, top.y, top.y + gtk_widget_get_height (GTK_WIDGET (next)));
    }
}

static gboolean
on_entry_key_pressed (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      BottegaJumpDialog     *self)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static void
bottega_jump_dialog_dispose (GObject *object)
{
  BottegaJumpDialog *self = BOTTEGA_JUMP_DIALOG (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (bottega_jump_dialog_parent_class)->dispose (object);
}

static void
bottega_jump_dialog_class_init (BottegaJumpDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_jump_dialog_dispose;

  signals[CONVERSATION_CHOSEN] =
    g_signal_new ("conversation-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-jump-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaJumpDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, BottegaJumpDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaJumpDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, BottegaJumpDialog, results_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bottega_jump_dialog_init (BottegaJumpDialog *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Before the entry's own handling, which would move the focus. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}

BottegaJumpDialog *
bottega_jump_dialog_new (GtkWindow    *parent,
                         BottegaStore *store)
{
  BottegaJumpDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BOTTEGA_IS_STORE (store), NULL);

  self = g_object_new (BOTTEGA_TYPE_JUMP_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));

  return self;
}
