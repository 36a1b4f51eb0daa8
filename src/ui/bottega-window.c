/* bottega-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-application.h"
#include "bottega-connect-dialog.h"
#include "bottega-conversation-list.h"
#include "bottega-conversation-row.h"
#include "bottega-conversation-view.h"
#include "bottega-window.h"

struct _BottegaWindow
{
  AdwApplicationWindow     parent_instance;

  /* template */
  AdwToastOverlay         *toast_overlay;
  GtkStack                *stack;
  AdwStatusPage           *welcome_page;
  AdwStatusPage           *error_page;
  AdwLeaflet              *leaflet;
  AdwWindowTitle          *sidebar_title;
  GtkRevealer             *sync_revealer;
  GtkImage                *sync_icon;
  GtkLabel                *sync_label;
  GtkWidget               *sign_in_button;
  GtkStack                *list_stack;
  GtkListView             *conversation_list_view;
  BottegaConversationView *conversation_view;

  BottegaStore            *store;
  BottegaConversationList *conversations;
  GtkSingleSelection      *selection;
  GPtrArray               *engines;
  GSettings               *settings;
  gint64                   open_conversation;
  gboolean                 reloading;
};

G_DEFINE_FINAL_TYPE (BottegaWindow, bottega_window, ADW_TYPE_APPLICATION_WINDOW)

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
}

/* ---- the conversation list ---- */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, GTK_WIDGET (bottega_conversation_row_new ()));
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  BottegaConversationRow *row = BOTTEGA_CONVERSATION_ROW (gtk_list_item_get_child (item));

  bottega_conversation_row_set_conversation (row, gtk_list_item_get_item (item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  BottegaConversationRow *row = BOTTEGA_CONVERSATION_ROW (gtk_list_item_get_child (item));

  bottega_conversation_row_set_conversation (row, NULL);
}

/* The list reloads as the store changes; the selection then moves with
 * positions, not with conversations. Until the open one is selected again,
 * selection changes are not the user's. */
static void
on_conversations_changing (BottegaWindow *self,
                           guint          position,
                           guint          removed,
                           guint          added,
                           GListModel    *model)
{
  self->reloading = TRUE;
}

static void
on_conversations_changed (BottegaWindow *self,
                          guint          position,
                          guint          removed,
                          guint          added,
                          GListModel    *model)
{
  guint n = g_list_model_get_n_items (model);

  self->reloading = FALSE;
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");

  /* The list reloads when the store changes: keep the open conversation
   * highlighted. */
  if (self->open_conversation != 0)
    {
      guint found = bottega_conversation_list_find (self->conversations, self->open_conversation);

      if (found != G_MAXUINT && gtk_single_selection_get_selected (self->selection) != found)
        gtk_single_selection_set_selected (self->selection, found);
    }
}

static void
open_conversation (BottegaWindow       *self,
                   BottegaConversation *conversation)
{
  self->open_conversation = bottega_conversation_get_id (conversation);
  bottega_conversation_view_set_conversation (self->conversation_view, conversation);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "last-conversation", self->open_conversation);
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
on_back (BottegaWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->conversation_list_view));
}

void
bottega_window_set_store (BottegaWindow *self,
                          BottegaStore  *store)
{
  g_return_if_fail (BOTTEGA_IS_WINDOW (self));
  g_return_if_fail (BOTTEGA_IS_STORE (store));

  g_set_object (&self->store, store);
  g_clear_object (&self->conversations);
  self->conversations = bottega_conversation_list_new (store, 0);

  /* Before the selection model connects to the list (see above). */
  g_signal_connect_object (self->conversations, "items-changed",
                           G_CALLBACK (on_conversations_changing), self, G_CONNECT_SWAPPED);
  g_clear_object (&self->selection);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->conversations)));
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
}

/* ---- pages ---- */

void
bottega_window_show_welcome (BottegaWindow *self)
{
  g_return_if_fail (BOTTEGA_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->stack, "welcome");
}

void
bottega_window_show_main (BottegaWindow *self)
{
  g_return_if_fail (BOTTEGA_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->stack, "main");
}

void
bottega_window_show_error (BottegaWindow *self,
                           const char    *title,
                           const char    *detail)
{
  g_return_if_fail (BOTTEGA_IS_WINDOW (self));

  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, detail);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

void
bottega_window_toast (BottegaWindow *self,
                      const char    *text)
{
  g_return_if_fail (BOTTEGA_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
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

/* ---- GObject ---- */

static void
bottega_window_dispose (GObject *object)
{
  BottegaWindow *self = BOTTEGA_WINDOW (object);

  g_clear_pointer (&self->engines, g_ptr_array_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->conversations);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bottega_window_parent_class)->dispose (object);
}

static void
bottega_window_class_init (BottegaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_window_dispose;

  g_type_ensure (BOTTEGA_TYPE_CONVERSATION_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, sync_revealer);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, sync_icon);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, conversation_list_view);
  gtk_widget_class_bind_template_child (widget_class, BottegaWindow, conversation_view);
  gtk_widget_class_bind_template_callback (widget_class, on_conversation_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back);

  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_activated);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}

static void
bottega_window_init (BottegaWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->engines = g_ptr_array_new_with_free_func (g_object_unref);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->conversation_list_view, factory);

  self->settings = new_settings ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
    }

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  gtk_stack_set_visible_child_name (self->stack, "loading");
}

BottegaWindow *
bottega_window_new (BottegaApplication *application)
{
  return g_object_new (BOTTEGA_TYPE_WINDOW, "application", application, NULL);
}
