/* bottega-application.c: the Bottega application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "bottega-account-setup.h"
#include "bottega-application.h"
#include "bottega-catalog-sync.h"
#include "bottega-outgoing-files.h"
#include "bottega-bench.h"
#include "bottega-preferences-window.h"
#include "bottega-sandbox.h"
#include "bottega-ui-resources.h"
#include "bottega-secret.h"
#include "bottega-text.h"
#include "bottega-window.h"

/* Until realtime arrives, the engines poll; the demo shop more often so
 * that its customers' messages show up promptly. */
#define POLL_SECONDS      30
#define DEMO_POLL_SECONDS 5

/* A notification shows one line of what the customer wrote, this long. */
#define NOTIFICATION_BODY_CHARS 120

struct _BottegaApplication
{
  AdwApplication     parent_instance;

  gboolean           demo_requested;
  BottegaStore      *store;
  BottegaMediaCache *media_cache;
  BottegaSandbox    *sandbox;
  GHashTable        *engines;   /* account id → BottegaSyncEngine */
  GCancellable      *cancellable;
  GSettings         *settings;
  GtkWidget         *preferences; /* weak: the open preferences window */

  /* Notifications announce what customers write after start-up: what
   * the initial sync, the catch-up after a pause and backfills bring is
   * older than that and never announced. */
  gint64             started_at; /* epoch seconds */
  GHashTable        *seen;       /* conversation id → gint64 newest incoming remote id considered */
  GHashTable        *notified;   /* conversation id → gint64 created-at of the message announced */
};

G_DEFINE_FINAL_TYPE (BottegaApplication, bottega_application, ADW_TYPE_APPLICATION)

/* The main window, even while a dialog of the application has the focus. */
static BottegaWindow *
get_window (BottegaApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (BOTTEGA_IS_WINDOW (l->data))
        return BOTTEGA_WINDOW (l->data);
    }

  return NULL;
}

static char *
data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "bottega", NULL);
}

/* The demo shop keeps its state beside the store. */
static char *
demo_state_path (void)
{
  g_autofree char *dir = data_dir ();

  return g_build_filename (dir, "demo-shop.json", NULL);
}

/* ---- notifications ---- */

static GSettings *
new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* A build tree without the compiled schema runs with the defaults. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new (APPLICATION_ID);
}

static gint64 *
int64_key (gint64 value)
{
  gint64 *key = g_new (gint64, 1);

  *key = value;
  return key;
}

static gboolean
lookup_int64 (GHashTable *table,
              gint64      key,
              gint64     *value)
{
  gpointer found;

  if (!g_hash_table_lookup_extended (table, &key, NULL, &found))
    return FALSE;
  *value = *(gint64 *) found;
  return TRUE;
}

static char *
notification_id (gint64 conversation_id)
{
  return g_strdup_printf ("conversation-%" G_GINT64_FORMAT, conversation_id);
}

static void
withdraw_notification (BottegaApplication *self,
                       gint64              conversation_id)
{
  g_autofree char *id = NULL;

  if (!g_hash_table_remove (self->notified, &conversation_id))
    return;

  id = notification_id (conversation_id);
  g_application_withdraw_notification (G_APPLICATION (self), id);
}

/* The first line of what the customer wrote, on one bounded line; what it
 * was ("Photo" …) when there is no text. */
static char *
notification_body (BottegaMessage *message)
{
  const char *content = bottega_message_get_content (message);
  g_autofree char *body = NULL;

  if (content != NULL)
    {
      const char *end;
      g_autofree char *first = NULL;

      /* Skip blank leading lines. */
      while (*content == '\n' || *content == '\r' || *content == ' ' || *content == '\t')
        content++;
      end = content;
      while (*end != '\0' && *end != '\n' && *end != '\r')
        end++;
      first = g_strndup (content, end - content);
      body = bottega_text_one_line (first, NOTIFICATION_BODY_CHARS);
    }

  if (body == NULL || body[0] == '\0')
    {
      g_free (body);
      body = bottega_text_message_preview (message);
    }

  return g_steal_pointer (&body);
}

static void
send_message_notification (BottegaApplication  *self,
                           BottegaConversation *conversation,
                           BottegaMessage      *message)
{
  g_autoptr(GNotification) notification = NULL;
  BottegaCustomer *customer = bottega_conversation_get_customer (conversation);
  gint64 conversation_id = bottega_conversation_get_id (conversation);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;

  title = bottega_text_one_line (customer != NULL ? bottega_customer_get_name (customer) : NULL, 80);
  if (title[0] == '\0')
    {
      g_free (title);
      title = g_strdup_printf (_("Conversation #%lld"), (long long) bottega_conversation_get_remote_id (conversation));
    }
  body = notification_body (message);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_category (notification, "im.received");
  g_notification_set_default_action_and_target_value (notification, "app.open-conversation",
                                                      g_variant_new_int64 (conversation_id));

  /* One per conversation: a newer message replaces the older one. */
  id = notification_id (conversation_id);
  g_application_send_notification (G_APPLICATION (self), id, notification);
  g_hash_table_insert (self->notified, int64_key (conversation_id),
                       int64_key (bottega_message_get_created_at (message)));
}

/* The conversation the window shows, or 0. The window remembers it in
 * "last-conversation" as soon as it opens one. */
static gint64
shown_conversation (BottegaApplication *self)
{
  return self->settings != NULL ? g_settings_get_int64 (self->settings, "last-conversation") : 0;
}

static gboolean
window_is_active (BottegaApplication *self)
{
  BottegaWindow *window = get_window (self);

  return window != NULL && gtk_window_is_active (GTK_WINDOW (window));
}

static void
on_messages_changed (BottegaApplication *self,
                     gint64              conversation_id,
                     BottegaStore       *store)
{
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  BottegaMessage *newest;
  gint64 after = 0;

  /* The server's clock dates the messages: a message is new when the
   * server took it after Bottega started. */
  lookup_int64 (self->seen, conversation_id, &after);
  messages = bottega_store_list_incoming_after (store, conversation_id, after, self->started_at, 0, &error);
  if (messages == NULL)
    {
      if (!g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
        g_warning ("Cannot read new messages: %s", error->message);
      return;
    }
  if (messages->len == 0)
    return;

  conversation = bottega_store_get_conversation (store, conversation_id, &error);
  if (conversation == NULL)
    {
      if (!g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND) &&
          !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
        g_warning ("Cannot read a changed conversation: %s", error->message);
      return;
    }

  newest = g_ptr_array_index (messages, messages->len - 1);
  g_hash_table_insert (self->seen, int64_key (conversation_id),
                       int64_key (bottega_message_get_remote_id (newest)));

  if (self->settings != NULL && !g_settings_get_boolean (self->settings, "notify-new-messages"))
    return;
  /* Someone is looking at the window: it shows the message itself. */
  if (window_is_active (self))
    return;

  send_message_notification (self, conversation, newest);
}

/* Read elsewhere (the web, a phone, the unread action): the provider says
 * nothing is unread and the agent saw the conversation after the message. */
static void
on_conversations_changed (BottegaApplication *self,
                          gint64              account_id,
                          BottegaStore       *store)
{
  g_autoptr(GArray) read = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->notified);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(BottegaConversation) conversation = NULL;
      gint64 id = *(gint64 *) key;

      conversation = bottega_store_get_conversation (store, id, NULL);
      if (conversation == NULL ||
          (bottega_conversation_get_account_id (conversation) == account_id &&
           bottega_conversation_get_unread_count (conversation) == 0 &&
           bottega_conversation_get_agent_last_seen_at (conversation) >= *(gint64 *) value))
        g_array_append_val (read, id);
    }

  for (guint i = 0; i < read->len; i++)
    withdraw_notification (self, g_array_index (read, gint64, i));
}

/* The conversation is on screen in the focused window: its notification
 * has done its work. */
static void
withdraw_shown (BottegaApplication *self)
{
  gint64 shown = shown_conversation (self);

  if (shown != 0 && window_is_active (self))
    withdraw_notification (self, shown);
}

static void
on_last_conversation_changed (GSettings          *settings,
                              const char         *key,
                              BottegaApplication *self)
{
  withdraw_shown (self);
}

static void
on_window_active (GtkWindow          *window,
                  GParamSpec         *pspec,
                  BottegaApplication *self)
{
  withdraw_shown (self);
}

static void
on_window_added (GtkApplication     *application,
                 GtkWindow          *window,
                 BottegaApplication *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (!BOTTEGA_IS_WINDOW (window))
    return;

  g_signal_connect_object (window, "notify::is-active", G_CALLBACK (on_window_active), self, 0);

  /* The shortcuts window: win.show-help-overlay, and app.shortcuts (Ctrl+?) */
  if (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == NULL)
    {
      builder = gtk_builder_new_from_resource ("/io/github/bottega_chat/Bottega/bottega-shortcuts-window.ui");
      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (window),
                                               GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
    }
}

static void
start_engine (BottegaApplication    *self,
              BottegaAccount        *account,
              BottegaChatwootClient *client)
{
  g_autoptr(BottegaSyncEngine) engine = NULL;
  gint64 *key;
  BottegaWindow *window;

  engine = bottega_sync_engine_new (self->store, account, client);
  key = g_new (gint64, 1);
  *key = bottega_account_get_id (account);
  g_hash_table_replace (self->engines, key, g_object_ref (engine));

  window = get_window (self);
  if (window != NULL)
    bottega_window_add_engine (window, engine);

  bottega_sync_engine_start (engine, bottega_account_get_is_demo (account) ? DEMO_POLL_SECONDS
                                                                          : POLL_SECONDS);
}

void
bottega_application_add_account (BottegaApplication *self,
                                 BottegaAccount     *account,
                                 const char         *token)
{
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(GError) error = NULL;
  BottegaSyncEngine *engine;
  gint64 id;

  g_return_if_fail (BOTTEGA_IS_APPLICATION (self));
  g_return_if_fail (BOTTEGA_IS_ACCOUNT (account));

  id = bottega_account_get_id (account);
  engine = g_hash_table_lookup (self->engines, &id);
  if (engine != NULL && token != NULL)
    {
      /* Signed in again with a new token. */
      bottega_sync_engine_set_token (engine, token);
      return;
    }

  client = bottega_chatwoot_client_new (bottega_account_get_url (account), token != NULL ? token : "",
                                        bottega_account_get_remote_id (account), id, &error);
  if (client == NULL)
    {
      g_warning ("Cannot connect account %" G_GINT64_FORMAT ": %s", id, error->message);
      return;
    }
  start_engine (self, account, client);

  if (get_window (self) != NULL)
    bottega_window_show_main (get_window (self));
}

/* ---- accounts on start-up ---- */

typedef struct {
  BottegaApplication *self;
  BottegaAccount     *account;
} TokenLookup;

static void
token_looked_up (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TokenLookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = bottega_secret_lookup_token_finish (result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Cannot read the keyring: %s", error->message);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (token == NULL)
        bottega_account_set_needs_auth (lookup->account, TRUE);
      bottega_application_add_account (lookup->self, lookup->account, token);
    }

  g_object_unref (lookup->self);
  g_object_unref (lookup->account);
  g_free (lookup);
}

static void
open_accounts (BottegaApplication *self)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_demo = FALSE;
  guint n_real = 0;

  accounts = bottega_store_list_accounts (self->store, &error);
  if (accounts == NULL)
    {
      bottega_window_show_error (get_window (self), _("Cannot read the accounts"), error->message);
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      BottegaAccount *account = g_ptr_array_index (accounts, i);
      TokenLookup *lookup;

      if (bottega_account_get_is_demo (account))
        {
          has_demo = TRUE;
          continue;
        }

      n_real++;
      lookup = g_new0 (TokenLookup, 1);
      lookup->self = g_object_ref (self);
      lookup->account = g_object_ref (account);
      bottega_secret_lookup_token_async (bottega_account_get_url (account),
                                         bottega_account_get_remote_id (account),
                                         self->cancellable, token_looked_up, lookup);
    }

  /* The demo shop keeps its state beside the store: bring it back. */
  if (has_demo || self->demo_requested)
    bottega_application_start_demo (self);
  else if (n_real > 0)
    bottega_window_show_main (get_window (self));
  else
    bottega_window_show_welcome (get_window (self));
}

static void
outgoing_files_cleaned (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  int deleted = bottega_outgoing_files_clean_finish (result, &error);

  if (deleted < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Pasted pictures not cleaned up: %s", error->message);
  else if (deleted > 0)
    g_debug ("Deleted %d pasted pictures that were sent or discarded", deleted);
}

static void
store_opened (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BottegaApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  BottegaWindow *window;

  self->store = bottega_store_open_finish (result, &error);
  window = get_window (self);

  if (self->store == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot open the store: %s", error->message);
      if (window != NULL)
        bottega_window_show_error (window,
                                   g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_TOO_NEW)
                                     ? _("This data was written by a newer Bottega")
                                     : _("Cannot open Bottega's data"),
                                   error->message);
      return;
    }

  if (window != NULL)
    bottega_window_set_store (window, self->store);
  g_signal_connect_object (self->store, "messages-changed", G_CALLBACK (on_messages_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "conversations-changed", G_CALLBACK (on_conversations_changed),
                           self, G_CONNECT_SWAPPED);
  open_accounts (self);

  /* No composer holds a file yet: pictures pasted before and sent since
   * (or thrown away) can go. */
  bottega_outgoing_files_clean_async (self->store, self->cancellable, outgoing_files_cleaned, NULL);
}

/* ---- the demo shop ---- */

typedef struct {
  BottegaStore *store;
  char         *url;
  char         *token;
} DemoData;

static void
demo_data_free (DemoData *data)
{
  g_clear_object (&data->store);
  g_free (data->url);
  g_free (data->token);
  g_free (data);
}

static void
demo_connect_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  DemoData *data = task_data;
  g_autoptr(GPtrArray) accounts = NULL;
  GError *error = NULL;

  accounts = bottega_store_list_accounts (data->store, &error);
  if (accounts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The sandbox listens on a new port each run: the demo account keeps
   * its rows and follows the shop to its new address. */
  for (guint i = 0; i < accounts->len; i++)
    {
      BottegaAccount *account = g_ptr_array_index (accounts, i);

      if (!bottega_account_get_is_demo (account))
        continue;

      bottega_account_set_url (account, data->url);
      bottega_account_set_needs_auth (account, FALSE);
      if (!bottega_store_save_account (data->store, account, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      g_task_return_pointer (task, g_object_ref (account), g_object_unref);
      return;
    }

  {
    BottegaAccount *account;

    /* The demo token comes from the sandbox every run: no keyring needed. */
    account = bottega_account_setup_full (data->store, data->url, data->token, 0, TRUE, FALSE,
                                          cancellable, &error);
    if (account == NULL)
      g_task_return_error (task, error);
    else
      g_task_return_pointer (task, account, g_object_unref);
  }
}

static void
demo_connected (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BottegaApplication) self = user_data;
  g_autoptr(BottegaAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  BottegaSyncEngine *engine;
  gint64 id;

  account = g_task_propagate_pointer (G_TASK (result), &error);
  if (account == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && get_window (self) != NULL)
        bottega_window_show_error (get_window (self), _("Cannot open the demo shop"), error->message);
      return;
    }

  id = bottega_account_get_id (account);
  engine = g_hash_table_lookup (self->engines, &id);
  if (engine != NULL)
    {
      bottega_sync_engine_kick (engine);
      return;
    }

  bottega_application_add_account (self, account, bottega_sandbox_get_token (self->sandbox));
}

void
bottega_application_start_demo (BottegaApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *state = NULL;
  DemoData *data;

  g_return_if_fail (BOTTEGA_IS_APPLICATION (self));

  if (self->store == NULL)
    {
      self->demo_requested = TRUE;
      return;
    }

  if (self->sandbox == NULL)
    {
      dir = data_dir ();
      g_mkdir_with_parents (dir, 0700);
      state = demo_state_path ();
      self->sandbox = bottega_sandbox_new (state, &error);
      if (self->sandbox == NULL || !bottega_sandbox_start (self->sandbox, 0, &error))
        {
          g_clear_object (&self->sandbox);
          bottega_window_show_error (get_window (self), _("Cannot open the demo shop"), error->message);
          return;
        }
      bottega_sandbox_set_demo_mode (self->sandbox, TRUE);
      g_debug ("Demo shop at %s", bottega_sandbox_get_url (self->sandbox));
    }

  data = g_new0 (DemoData, 1);
  data->store = g_object_ref (self->store);
  data->url = g_strdup (bottega_sandbox_get_url (self->sandbox));
  data->token = g_strdup (bottega_sandbox_get_token (self->sandbox));

  task = g_task_new (NULL, self->cancellable, demo_connected, g_object_ref (self));
  g_task_set_source_tag (task, bottega_application_start_demo);
  g_task_set_task_data (task, data, (GDestroyNotify) demo_data_free);
  g_task_run_in_thread (task, demo_connect_thread);
}

/* ---- removing an account ---- */

typedef struct {
  BottegaStore *store;
  gint64        account_id;
  char         *url;
  gint64        remote_id;
  gboolean      is_demo;
  char         *media_dir;
  char         *product_dir; /* its catalog's cached images */
  char         *catalog_url; /* its Meta catalog, whose token is in the keyring, or NULL */
  char         *catalog_id;
  char         *demo_state;  /* the demo shop's state file, or NULL */
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  g_clear_object (&data->store);
  g_free (data->url);
  g_free (data->media_dir);
  g_free (data->product_dir);
  g_free (data->catalog_url);
  g_free (data->catalog_id);
  g_free (data->demo_state);
  g_free (data);
}

/* The media cache names every file "<account id>-…" (see
 * bottega-media-cache.c); a later account may get the same local id, so
 * the files of a removed account must not stay behind. */
static void
delete_cached_media (const char *directory,
                     gint64      account_id)
{
  g_autoptr(GDir) dir = NULL;
  g_autofree char *prefix = NULL;
  const char *name;

  dir = g_dir_open (directory, 0, NULL);
  if (dir == NULL)
    return;

  prefix = g_strdup_printf ("%" G_GINT64_FORMAT "-", account_id);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, prefix))
        continue;
      path = g_build_filename (directory, name, NULL);
      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Cannot delete a cached attachment: %s", g_strerror (errno));
    }
}

/* The folder of an account's product images, which only Bottega writes. */
static void
delete_product_images (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Cannot delete a product image: %s", g_strerror (errno));
    }
  if (g_rmdir (directory) != 0 && errno != ENOENT)
    g_warning ("Cannot delete the product images folder: %s", g_strerror (errno));
}

static void
remove_account_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  RemoveData *data = task_data;
  GError *error = NULL;

  /* The rows first: while they are there, the token stays too. */
  if (!bottega_store_delete_account (data->store, data->account_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  delete_cached_media (data->media_dir, data->account_id);
  delete_product_images (data->product_dir);

  if (data->demo_state != NULL && g_unlink (data->demo_state) != 0 && errno != ENOENT)
    g_warning ("Cannot delete the demo shop: %s", g_strerror (errno));

  /* The demo shop's tokens were never in the keyring. */
  if (!data->is_demo && !bottega_secret_clear_token (data->url, data->remote_id, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->catalog_id != NULL &&
      !bottega_secret_clear_catalog_token (data->catalog_url, data->catalog_id, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* Forgets what the application remembers of conversations that are gone. */
static void
forget_removed_conversations (BottegaApplication *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(BottegaConversation) conversation = NULL;

      conversation = bottega_store_get_conversation (self->store, *(gint64 *) key, NULL);
      if (conversation == NULL)
        g_hash_table_iter_remove (&iter);
    }
}

static void
account_removed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BottegaApplication *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  BottegaWindow *window = get_window (self);

  /* After a keyring error the rows are gone all the same: tidy up and
   * tell the caller. */
  g_task_propagate_boolean (G_TASK (result), &error);
  forget_removed_conversations (self);

  accounts = bottega_store_list_accounts (self->store, NULL);
  if (window != NULL && accounts != NULL && accounts->len == 0 &&
      g_strcmp0 (g_task_get_name (task), "reset-demo") != 0)
    bottega_window_show_welcome (window);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
remove_account (BottegaApplication  *self,
                BottegaAccount      *account,
                GTask               *outer)
{
  g_autoptr(GTask) task = NULL;
  BottegaSyncEngine *engine;
  BottegaWindow *window = get_window (self);
  RemoveData *data;
  gint64 id = bottega_account_get_id (account);

  /* Its sync stops before its rows go. */
  engine = g_hash_table_lookup (self->engines, &id);
  if (engine != NULL)
    {
      if (window != NULL)
        bottega_window_remove_engine (window, engine);
      bottega_sync_engine_stop (engine);
      g_hash_table_remove (self->engines, &id);
    }

  data = g_new0 (RemoveData, 1);
  data->store = g_object_ref (self->store);
  data->account_id = id;
  data->url = g_strdup (bottega_account_get_url (account));
  data->remote_id = bottega_account_get_remote_id (account);
  data->is_demo = bottega_account_get_is_demo (account);
  data->media_dir = g_strdup (bottega_media_cache_get_directory (self->media_cache));
  data->product_dir = bottega_catalog_sync_get_image_dir (id);
  if (!data->is_demo)
    {
      g_autoptr(BottegaCatalogSourceInfo) catalog = bottega_store_get_catalog_source (self->store, id, NULL);

      if (catalog != NULL && catalog->kind == BOTTEGA_CATALOG_KIND_GRAPH &&
          catalog->base_url != NULL && catalog->catalog_id != NULL)
        {
          data->catalog_url = g_strdup (catalog->base_url);
          data->catalog_id = g_strdup (catalog->catalog_id);
        }
    }
  if (data->is_demo)
    {
      /* The shop must not save itself again once its file is deleted. */
      if (self->sandbox != NULL)
        bottega_sandbox_stop (self->sandbox);
      g_clear_object (&self->sandbox);
      data->demo_state = demo_state_path ();
    }

  if (self->settings != NULL && g_settings_get_int64 (self->settings, "last-account") == id)
    g_settings_set_int64 (self->settings, "last-account", 0);

  task = g_task_new (NULL, g_task_get_cancellable (outer), account_removed, g_object_ref (outer));
  g_task_set_source_tag (task, remove_account);
  g_task_set_task_data (task, data, (GDestroyNotify) remove_data_free);
  g_task_run_in_thread (task, remove_account_thread);
}

static BottegaAccount *
lookup_account (BottegaApplication  *self,
                gint64               account_id,
                GError             **error)
{
  if (self->store == NULL)
    {
      g_set_error_literal (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED,
                           _("Bottega's data is not open"));
      return NULL;
    }

  return bottega_store_get_account (self->store, account_id, error);
}

void
bottega_application_remove_account_async (BottegaApplication  *self,
                                          gint64               account_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(BottegaAccount) account = NULL;
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (BOTTEGA_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_application_remove_account_async);
  g_task_set_name (task, "remove-account");

  account = lookup_account (self, account_id, &error);
  if (account == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  remove_account (self, account, task);
}

gboolean
bottega_application_remove_account_finish (BottegaApplication  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
demo_removed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BottegaApplication *self = BOTTEGA_APPLICATION (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A new shop from its seed, connected as on the first run. */
  bottega_application_start_demo (self);
  g_task_return_boolean (task, TRUE);
}

void
bottega_application_reset_demo_async (BottegaApplication  *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;

  g_return_if_fail (BOTTEGA_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_application_reset_demo_async);

  if (self->store == NULL)
    {
      g_task_return_new_error (task, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED,
                               "%s", _("Bottega's data is not open"));
      return;
    }

  accounts = bottega_store_list_accounts (self->store, &error);
  if (accounts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      BottegaAccount *account = g_ptr_array_index (accounts, i);

      if (!bottega_account_get_is_demo (account))
        continue;

      inner = g_task_new (self, cancellable, demo_removed, g_object_ref (task));
      g_task_set_source_tag (inner, bottega_application_reset_demo_async);
      g_task_set_name (inner, "reset-demo");
      remove_account (self, account, inner);
      return;
    }

  /* No demo shop yet: a new one is what a reset gives anyway. */
  bottega_application_start_demo (self);
  g_task_return_boolean (task, TRUE);
}

gboolean
bottega_application_reset_demo_finish (BottegaApplication  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- actions ---- */

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  /* A draft the full disk could not take is not thrown away unasked. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (user_data)); l != NULL; l = l->next)
    if (BOTTEGA_IS_WINDOW (l->data) && bottega_window_has_unsaved_drafts (l->data))
      {
        gtk_window_present (l->data);
        bottega_window_ask_quit (l->data);
        return;
      }

  g_application_quit (G_APPLICATION (user_data));
}

static void
demo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  bottega_application_start_demo (user_data);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  BottegaApplication *self = user_data;
  const char *developers[] = { _("The Bottega developers"), NULL };

  adw_show_about_window (GTK_WINDOW (get_window (self)),
                         "application-name", _("Bottega"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Bottega developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Business chat for the shop counter"),
                         "website", "https://github.com/bottega-chat/bottega",
                         "issue-url", "https://github.com/bottega-chat/bottega/issues",
                         "copyright", _("© 2026 The Bottega developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* A notification was clicked: the window comes forward with the
 * conversation open. */
static void
open_conversation_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  BottegaApplication *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  BottegaWindow *window;

  withdraw_notification (self, id);

  window = get_window (self);
  if (window == NULL)
    {
      /* Started by the click: the new window opens the conversation it
       * finds in "last-conversation" once the store is open. */
      if (self->settings != NULL)
        g_settings_set_int64 (self->settings, "last-conversation", id);
      g_application_activate (G_APPLICATION (self));
      return;
    }

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-conversation", "x", id);
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  BottegaWindow *window = get_window (user_data);

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  BottegaApplication *self = user_data;
  BottegaPreferencesWindow *preferences;

  /* One preferences window: the open one comes forward. */
  if (self->preferences != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->preferences));
      return;
    }

  preferences = bottega_preferences_window_new (GTK_WINDOW (get_window (self)), self);
  self->preferences = GTK_WIDGET (preferences);
  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &self->preferences);
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "demo", demo_activated },
  { "about", about_activated },
  { "open-conversation", open_conversation_activated, "x" },
  { "shortcuts", shortcuts_activated },
};

/* ---- GApplication ---- */

/* Logging out or `kill` ends Bottega like closing its window: drafts are
 * written, the store drained and the demo shop saved. */
static gboolean
on_quit_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
bottega_application_startup (GApplication *app)
{
  BottegaApplication *self = BOTTEGA_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *shortcuts_accels[] = { "<Control>question", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  self->started_at = g_get_real_time () / G_USEC_PER_SEC;
  /* Nothing unless BOTTEGA_BENCH is set (`bottegactl bench`). */
  bottega_bench_init (self);

  /* The interface lives in a static library: naming its resource keeps
   * it (and the constructor that registers it) in the binary. */
  if (bottega_ui_get_resource () == NULL)
    g_error ("The interface resources are missing from this build");
  g_application_set_resource_base_path (app, "/io/github/bottega_chat/Bottega");

  G_APPLICATION_CLASS (bottega_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  g_unix_signal_add (SIGTERM, on_quit_signal, self);
  g_unix_signal_add (SIGINT, on_quit_signal, self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  /* The icon of every window (X11 shows it; Wayland finds it by the app id). */
  gtk_window_set_default_icon_name (APPLICATION_ID);

  self->settings = new_settings ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::last-conversation",
                             G_CALLBACK (on_last_conversation_changed), self, 0);
  g_signal_connect_object (self, "window-added", G_CALLBACK (on_window_added), self, 0);
}

static void
bottega_application_activate (GApplication *app)
{
  BottegaApplication *self = BOTTEGA_APPLICATION (app);
  g_autofree char *path = NULL;
  BottegaWindow *window;

  window = get_window (self);
  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  window = bottega_window_new (self);
  gtk_window_present (GTK_WINDOW (window));

  path = bottega_store_default_path (NULL);
  bottega_store_open_async (path, self->cancellable, store_opened, g_object_ref (self));
}

static int
bottega_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  BottegaApplication *self = BOTTEGA_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("bottega %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_contains (options, "demo"))
    self->demo_requested = TRUE;

  return -1;
}

static void
bottega_application_shutdown (GApplication *app)
{
  BottegaApplication *self = BOTTEGA_APPLICATION (app);
  GHashTableIter iter;
  gpointer engine;

  GList *windows;

  /* Windows first: their views write pending drafts as they go. */
  if (self->preferences != NULL)
    gtk_window_destroy (GTK_WINDOW (self->preferences));
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);

  g_cancellable_cancel (self->cancellable);
  g_hash_table_iter_init (&iter, self->engines);
  while (g_hash_table_iter_next (&iter, NULL, &engine))
    bottega_sync_engine_stop (engine);
  if (self->store != NULL)
    bottega_store_close (self->store);
  if (self->sandbox != NULL)
    bottega_sandbox_stop (self->sandbox);

  G_APPLICATION_CLASS (bottega_application_parent_class)->shutdown (app);
}

static void
bottega_application_dispose (GObject *object)
{
  BottegaApplication *self = BOTTEGA_APPLICATION (object);

  if (self->preferences != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
  self->preferences = NULL;
  g_clear_pointer (&self->engines, g_hash_table_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->notified, g_hash_table_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->media_cache);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bottega_application_parent_class)->dispose (object);
}

static void
bottega_application_class_init (BottegaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = bottega_application_dispose;
  app_class->startup = bottega_application_startup;
  app_class->activate = bottega_application_activate;
  app_class->handle_local_options = bottega_application_handle_local_options;
  app_class->shutdown = bottega_application_shutdown;
}

static void
bottega_application_init (BottegaApplication *self)
{
  const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the built-in demo shop"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->engines = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->notified = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  self->media_cache = bottega_media_cache_new (NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

BottegaApplication *
bottega_application_new (void)
{
  return g_object_new (BOTTEGA_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

BottegaStore *
bottega_application_get_store (BottegaApplication *self)
{
  g_return_val_if_fail (BOTTEGA_IS_APPLICATION (self), NULL);
  return self->store;
}

GSettings *
bottega_application_get_settings (BottegaApplication *self)
{
  g_return_val_if_fail (BOTTEGA_IS_APPLICATION (self), NULL);
  return self->settings;
}

BottegaMediaCache *
bottega_application_get_media_cache (BottegaApplication *self)
{
  g_return_val_if_fail (BOTTEGA_IS_APPLICATION (self), NULL);
  return self->media_cache;
}

BottegaSyncEngine *
bottega_application_get_engine (BottegaApplication *self,
                                gint64              account_id)
{
  g_return_val_if_fail (BOTTEGA_IS_APPLICATION (self), NULL);
  return g_hash_table_lookup (self->engines, &account_id);
}
