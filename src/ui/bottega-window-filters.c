/* bottega-window-filters.c: the conversation list's filters in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-window-private.h"

/* "Mine" is the user the accounts sign in as; with accounts of different
 * users, each account's own (0). */
static gint64
own_user_id (BottegaWindow *self)
{
  gint64 user_id = 0;

  for (guint i = 0; i < self->engines->len; i++)
    {
      BottegaSyncEngine *engine = g_ptr_array_index (self->engines, i);
      gint64 id = bottega_account_get_user_id (bottega_sync_engine_get_account (engine));

      if (user_id != 0 && id != user_id)
        return 0;
      user_id = id;
    }

  return user_id;
}

static int
status_from_name (const char *name)
{
  if (g_strcmp0 (name, "open") == 0)
    return BOTTEGA_CONVERSATION_OPEN;
  if (g_strcmp0 (name, "pending") == 0)
    return BOTTEGA_CONVERSATION_PENDING;
  if (g_strcmp0 (name, "resolved") == 0)
    return BOTTEGA_CONVERSATION_RESOLVED;
  if (g_strcmp0 (name, "snoozed") == 0)
    return BOTTEGA_CONVERSATION_SNOOZED;
  return -1;
}

gboolean
bottega_window_filters_narrow (BottegaWindow *self)
{
  return g_strcmp0 (self->filter_status, "all") != 0 ||
         g_strcmp0 (self->filter_assignee, "all") != 0 ||
         self->filter_unread ||
         self->filter_label[0] != '\0' ||
         self->filter_inbox[0] != '\0';
}

/* The filter button tells whether its own filters (unread, label, inbox)
 * are on, to the eye and to a screen reader. */
static void
update_filter_button (BottegaWindow *self)
{
  g_autoptr(GPtrArray) active = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *description = NULL;

  if (self->filter_unread)
    g_ptr_array_add (active, g_strdup (_("unread only")));
  if (self->filter_label[0] != '\0')
    /* Translators: %s is a label's title */
    g_ptr_array_add (active, g_strdup_printf (_("label “%s”"), self->filter_label));
  if (self->filter_inbox[0] != '\0')
    g_ptr_array_add (active, g_strdup (_("one inbox")));
  g_ptr_array_add (active, NULL);

  if (active->len > 1)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) active->pdata);

      /* Translators: %s lists the filters that are on */
      description = g_strdup_printf (_("More filters: %s"), joined);
      gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "filters-on");
    }
  else
    {
      description = g_strdup (_("More Filters"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "filters-on");
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_button), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

void
bottega_window_apply_filters (BottegaWindow *self)
{
  BottegaConversationFilter filter = BOTTEGA_CONVERSATION_FILTER_INIT;
  gint64 inbox_id = 0;

  update_filter_button (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-filters", bottega_window_filters_narrow (self));

  if (self->conversations == NULL)
    return;

  filter.status = status_from_name (self->filter_status);
  if (g_strcmp0 (self->filter_assignee, "mine") == 0)
    {
      filter.assignee = BOTTEGA_ASSIGNEE_FILTER_MINE;
      filter.user_id = own_user_id (self);
    }
  else if (g_strcmp0 (self->filter_assignee, "unassigned") == 0)
    {
      filter.assignee = BOTTEGA_ASSIGNEE_FILTER_UNASSIGNED;
    }
  filter.unread_only = self->filter_unread;
  filter.label = self->filter_label[0] != '\0' ? self->filter_label : NULL;
  if (self->filter_inbox[0] != '\0')
    g_ascii_string_to_signed (self->filter_inbox, 10, 1, G_MAXINT64, &inbox_id, NULL);
  filter.inbox_id = inbox_id;

  bottega_conversation_list_set_filter (self->conversations, &filter);
}

/* The filter menu lists the labels and inboxes as they are now. */
static GMenuModel *
build_filter_menu (BottegaWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) first = g_menu_new ();
  g_autoptr(GMenu) labels = g_menu_new ();
  g_autoptr(GMenu) label_list = g_menu_new ();
  g_autoptr(GMenu) inboxes = g_menu_new ();
  g_autoptr(GMenu) inbox_list = g_menu_new ();
  g_autoptr(GMenu) last = g_menu_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GMenuItem) item = NULL;
  g_autofree char *label_title = NULL;
  g_autofree char *inbox_title = NULL;
  g_autofree char *inbox_text = NULL;

  g_menu_append (first, _("_Unread Only"), "filter.unread");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (first));

  item = g_menu_item_new (_("Any Label"), NULL);
  g_menu_item_set_action_and_target (item, "filter.label", "s", "");
  g_menu_append_item (labels, item);
  g_clear_object (&item);
  for (guint a = 0; self->store != NULL && a < self->engines->len; a++)
    {
      BottegaAccount *account = bottega_sync_engine_get_account (g_ptr_array_index (self->engines, a));
      g_autoptr(GPtrArray) found = bottega_store_list_labels (self->store, bottega_account_get_id (account), NULL);

      for (guint i = 0; found != NULL && i < found->len; i++)
        {
          const char *title = bottega_label_get_title (g_ptr_array_index (found, i));

          if (title == NULL || !g_hash_table_add (seen, (gpointer) g_intern_string (title)))
            continue;
          item = g_menu_item_new (title, NULL);
          g_menu_item_set_action_and_target (item, "filter.label", "s", title);
          g_menu_append_item (label_list, item);
          g_clear_object (&item);
        }
    }
  g_menu_append_section (labels, NULL, G_MENU_MODEL (label_list));

  item = g_menu_item_new (_("Any Inbox"), NULL);
  g_menu_item_set_action_and_target (item, "filter.inbox", "s", "");
  g_menu_append_item (inboxes, item);
  g_clear_object (&item);
  for (guint a = 0; self->store != NULL && a < self->engines->len; a++)
    {
      BottegaAccount *account = bottega_sync_engine_get_account (g_ptr_array_index (self->engines, a));
      g_autoptr(GPtrArray) found = bottega_store_list_inboxes (self->store, bottega_account_get_id (account), NULL);

      for (guint i = 0; found != NULL && i < found->len; i++)
        {
          BottegaInbox *inbox = g_ptr_array_index (found, i);
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, bottega_inbox_get_id (inbox));
          const char *name = bottega_inbox_get_name (inbox);

          item = g_menu_item_new (name != NULL && name[0] != '\0' ? name : _("Unnamed inbox"), NULL);
          g_menu_item_set_action_and_target (item, "filter.inbox", "s", id);
          g_menu_append_item (inbox_list, item);
          g_clear_object (&item);
          if (g_strcmp0 (id, self->filter_inbox) == 0)
            {
              g_free (inbox_title);
              inbox_title = g_strdup (name);
            }
        }
    }
  g_menu_append_section (inboxes, NULL, G_MENU_MODEL (inbox_list));

  /* The submenus say what they are set to. */
  if (self->filter_label[0] != '\0')
    /* Translators: %s is a label's title */
    label_title = g_strdup_printf (_("_Label: %s"), self->filter_label);
  g_menu_append_submenu (menu, label_title != NULL ? label_title : _("_Label"), G_MENU_MODEL (labels));
  if (inbox_title != NULL)
    /* Translators: %s is an inbox's name */
    inbox_text = g_strdup_printf (_("_Inbox: %s"), inbox_title);
  g_menu_append_submenu (menu, inbox_text != NULL ? inbox_text : _("_Inbox"), G_MENU_MODEL (inboxes));

  g_menu_append (last, _("_Show All Conversations"), "win.clear-filters");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (last));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

void
bottega_window_create_filter_popup (GtkMenuButton *button,
                                    gpointer       user_data)
{
  BottegaWindow *self = user_data;
  g_autoptr(GMenuModel) menu = build_filter_menu (self);

  gtk_menu_button_set_menu_model (button, menu);
}

