/* bottega-connect-dialog.c: connecting a Chatwoot account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bottega-account-setup.h"
#include "bottega-application.h"
#include "bottega-connect-dialog.h"

struct _BottegaConnectDialog
{
  AdwWindow           parent_instance;

  AdwEntryRow        *url_row;
  AdwPasswordEntryRow *token_row;
  AdwComboRow        *account_row;
  GtkSpinner         *spinner;
  GtkLabel           *status_label;

  BottegaApplication *application;
  BottegaStore       *store;
  GCancellable       *cancellable;
  GArray             *account_ids;   /* gint64, parallel to account_row's model */
  char               *profile_key;   /* url + token the accounts were read for */
  gboolean            busy;
};

G_DEFINE_FINAL_TYPE (BottegaConnectDialog, bottega_connect_dialog, ADW_TYPE_WINDOW)

static char *
current_url (BottegaConnectDialog *self)
{
  g_autofree char *url = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row)));

  g_strstrip (url);
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  return g_steal_pointer (&url);
}

static const char *
current_token (BottegaConnectDialog *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->token_row));
}

static void
set_busy (BottegaConnectDialog *self,
          gboolean              busy,
          const char           *status)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  gboolean was_busy = self->busy;

  /* A field made insensitive while it has the keyboard never hears it
   * lose the focus (GTK 4.8): take the focus first, and give it back to
   * the field with the problem when connecting fails. */
  if (busy && focus != NULL &&
      (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->url_row)) ||
       gtk_widget_is_ancestor (focus, GTK_WIDGET (self->token_row))))
    gtk_window_set_focus (GTK_WINDOW (self), NULL);

  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_label_set_text (self->status_label, status != NULL ? status : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_row), !busy);
  if (was_busy && !busy)
    gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.connect",
                                 !busy && current_token (self)[0] != '\0');
}

static void
on_changed (BottegaConnectDialog *self)
{
  if (!self->busy)
    set_busy (self, FALSE, NULL);
}

static void
setup_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BottegaConnectDialog) self = user_data;
  g_autoptr(BottegaAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = bottega_account_setup_finish (result, &error);
  if (account == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_busy (self, FALSE, error->message);
      return;
    }

  bottega_application_add_account (self->application, account, current_token (self));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
setup (BottegaConnectDialog *self,
       gint64                remote_account_id)
{
  g_autofree char *url = current_url (self);

  set_busy (self, TRUE, NULL);
  bottega_account_setup_async (self->store, url, current_token (self), remote_account_id, FALSE,
                               self->cancellable, setup_done, g_object_ref (self));
}

static void
profile_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BottegaConnectDialog) self = user_data;
  g_autoptr(BottegaChatwootProfile) profile = NULL;
  g_autoptr(GtkStringList) names = NULL;
  g_autoptr(GError) error = NULL;

  profile = bottega_chatwoot_client_get_profile_finish (BOTTEGA_CHATWOOT_CLIENT (object), result, &error);
  if (profile == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_busy (self, FALSE,
                  g_error_matches (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED)
                    ? _("The server refused this access token")
                    : error->message);
      return;
    }

  names = gtk_string_list_new (NULL);
  g_array_set_size (self->account_ids, 0);
  for (guint i = 0; i < profile->accounts->len; i++)
    {
      BottegaChatwootAccountRef *ref = g_ptr_array_index (profile->accounts, i);

      if (g_strcmp0 (ref->status, "suspended") == 0)
        continue;
      gtk_string_list_append (names, ref->name != NULL ? ref->name : "");
      g_array_append_val (self->account_ids, ref->id);
    }

  if (self->account_ids->len == 0)
    {
      set_busy (self, FALSE, _("This access token belongs to no active account"));
      return;
    }
  if (self->account_ids->len == 1)
    {
      setup (self, g_array_index (self->account_ids, gint64, 0));
      return;
    }

  /* Several accounts: let the user pick, then Connect again. */
  adw_combo_row_set_model (self->account_row, G_LIST_MODEL (names));
  gtk_widget_set_visible (GTK_WIDGET (self->account_row), TRUE);
  g_free (self->profile_key);
  self->profile_key = g_strconcat (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), "\n",
                                   current_token (self), NULL);
  set_busy (self, FALSE, NULL);
  gtk_label_set_text (self->status_label, _("Choose the account to connect"));
}

static void
connect_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BottegaConnectDialog *self = BOTTEGA_CONNECT_DIALOG (widget);
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = current_url (self);
  g_autofree char *key = NULL;

  if (self->busy)
    return;

  key = g_strconcat (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), "\n", current_token (self), NULL);
  if (self->profile_key != NULL && g_str_equal (key, self->profile_key) &&
      gtk_widget_get_visible (GTK_WIDGET (self->account_row)))
    {
      guint selected = adw_combo_row_get_selected (self->account_row);

      if (selected < self->account_ids->len)
        {
          setup (self, g_array_index (self->account_ids, gint64, selected));
          return;
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->account_row), FALSE);
  client = bottega_chatwoot_client_new (url, current_token (self), 0, 0, &error);
  if (client == NULL)
    {
      set_busy (self, FALSE, error->message);
      return;
    }

  set_busy (self, TRUE, NULL);
  bottega_chatwoot_client_get_profile_async (client, self->cancellable, profile_done, g_object_ref (self));
}

static void
on_entry_activated (BottegaConnectDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "connect.connect", NULL);
}

static void
bottega_connect_dialog_dispose (GObject *object)
{
  BottegaConnectDialog *self = BOTTEGA_CONNECT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->account_ids, g_array_unref);
  g_clear_pointer (&self->profile_key, g_free);
  self->application = NULL;

  G_OBJECT_CLASS (bottega_connect_dialog_parent_class)->dispose (object);
}

/* The token field may have the keyboard when the dialog goes (connected,
 * or Escape): take it away first, so that the field hears it lose the
 * focus. Otherwise GTK 4.8 keeps its cursor blinking and complains. */
static void
bottega_connect_dialog_unmap (GtkWidget *widget)
{
  gtk_window_set_focus (GTK_WINDOW (widget), NULL);

  GTK_WIDGET_CLASS (bottega_connect_dialog_parent_class)->unmap (widget);
}

static void
bottega_connect_dialog_class_init (BottegaConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_connect_dialog_dispose;
  widget_class->unmap = bottega_connect_dialog_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaConnectDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, BottegaConnectDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, BottegaConnectDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, BottegaConnectDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BottegaConnectDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "connect.connect", NULL, connect_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bottega_connect_dialog_init (BottegaConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->account_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  set_busy (self, FALSE, NULL);
}

BottegaConnectDialog *
bottega_connect_dialog_new (GtkWindow          *parent,
                            BottegaApplication *application,
                            BottegaStore       *store)
{
  BottegaConnectDialog *self;

  self = g_object_new (BOTTEGA_TYPE_CONNECT_DIALOG, "transient-for", parent, NULL);
  self->application = application;
  self->store = g_object_ref (store);
  return self;
}

void
bottega_connect_dialog_set_url (BottegaConnectDialog *self,
                                const char           *url)
{
  g_return_if_fail (BOTTEGA_IS_CONNECT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url != NULL ? url : "");
  gtk_window_set_title (GTK_WINDOW (self), _("Sign In Again"));
  /* GTK 4.8 names a window for screen readers from its first title. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sign In Again"), -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
}
