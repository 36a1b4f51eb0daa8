/* bottega-sandbox.c: an embedded Chatwoot server over a seeded demo shop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-sandbox"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "bottega-sandbox.h"
#include "bottega-sandbox-private.h"

/* How long changes gather before the state file is written. */
#define SAVE_DELAY_MS 150

struct _BottegaSandbox
{
  GObject        parent_instance;

  char          *state_path;   /* nullable */
  char          *blob_dir;     /* nullable */

  /* Everything below up to the thread part is guarded by @lock. */
  GMutex         lock;
  SandboxShop   *shop;
  SandboxFaults *faults;
  gboolean       running;
  gboolean       dirty;
  GSource       *save_source;
  gboolean       demo_mode;
  GSource       *demo_source;
  GRand         *demo_rand;
  GPtrArray     *old_tokens;   /* tokens handed out before set_token, kept valid */

  GMutex         save_lock;    /* one writer of the state file at a time */
  gint           request_count;

  /* The server thread and what it owns. */
  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;
  guint          requested_port;
  char          *url;
  GMutex         start_lock;
  GCond          start_cond;
  gboolean       start_done;
  GError        *start_error;
};

static void bottega_sandbox_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BottegaSandbox, bottega_sandbox, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, bottega_sandbox_initable_iface_init))

enum {
  PROP_0,
  PROP_STATE_PATH,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static double
now_seconds (void)
{
  return g_get_real_time () / (double) G_USEC_PER_SEC;
}

/* ---- persistence ---- */

static gboolean
save_now (BottegaSandbox  *self,
          GError         **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  gboolean ok = TRUE;

  if (self->state_path == NULL)
    return TRUE;

  g_mutex_lock (&self->save_lock);
  g_mutex_lock (&self->lock);
  if (self->dirty)
    {
      node = sandbox_shop_to_json (self->shop);
      self->dirty = FALSE;
    }
  g_mutex_unlock (&self->lock);

  if (node != NULL)
    {
      text = json_to_string (node, FALSE);
      ok = g_file_set_contents (self->state_path, text, -1, error);
      if (!ok)
        {
          g_mutex_lock (&self->lock);
          self->dirty = TRUE;
          g_mutex_unlock (&self->lock);
        }
    }
  g_mutex_unlock (&self->save_lock);
  return ok;
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  BottegaSandbox *self = user_data;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->save_source, g_source_unref);
  g_mutex_unlock (&self->lock);

  if (!save_now (self, &error))
    g_warning ("Could not save the sandbox state: %s", error->message);
  return G_SOURCE_REMOVE;
}

/* Notes a change to the shop (with @lock held). Returns TRUE when the caller
 * must save after unlocking because no server thread will. */
static gboolean
changed_locked (BottegaSandbox *self)
{
  if (self->state_path == NULL)
    return FALSE;
  self->dirty = TRUE;
  if (!self->running)
    return TRUE;
  if (self->save_source == NULL)
    {
      self->save_source = g_timeout_source_new (SAVE_DELAY_MS);
      g_source_set_callback (self->save_source, save_timeout_cb, self, NULL);
      g_source_attach (self->save_source, self->context);
    }
  return FALSE;
}

static void
save_if (BottegaSandbox *self,
         gboolean        needed)
{
  g_autoptr(GError) error = NULL;

  if (needed && !save_now (self, &error))
    g_warning ("Could not save the sandbox state: %s", error->message);
}

/* ---- demo mode ---- */

static gboolean demo_tick_cb (gpointer user_data);

static void
arm_demo_locked (BottegaSandbox *self)
{
  if (!self->demo_mode || !self->running || self->demo_source != NULL)
    return;
  self->demo_source = g_timeout_source_new_seconds ((guint) g_rand_int_range (self->demo_rand, 40, 91));
  g_source_set_callback (self->demo_source, demo_tick_cb, self, NULL);
  g_source_attach (self->demo_source, self->context);
}

/* A customer of a random open conversation writes a short line. Returns
 * the new message's id, or 0 when nothing is open; sets *save like
 * changed_locked(). */
static gint64
demo_write_locked (BottegaSandbox *self,
                   gboolean       *save)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  SandboxConversation *c;
  SandboxMessage *m;

  *save = FALSE;
  for (guint i = 0; i < self->shop->conversations->len; i++)
    {
      SandboxConversation *candidate = g_ptr_array_index (self->shop->conversations, i);

      if (g_strcmp0 (candidate->status, "open") == 0)
        g_ptr_array_add (open, candidate);
    }
  if (open->len == 0)
    return 0;

  c = g_ptr_array_index (open, g_rand_int_range (self->demo_rand, 0, (gint32) open->len));
  m = sandbox_shop_add_incoming (self->shop, c, sandbox_shop_demo_line (self->shop, c, self->demo_rand), now_seconds ());
  *save = changed_locked (self);
  return m->id;
}

static gboolean
demo_tick_cb (gpointer user_data)
{
  BottegaSandbox *self = user_data;
  gboolean save = FALSE;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->demo_source, g_source_unref);
  demo_write_locked (self, &save);
  arm_demo_locked (self);
  g_mutex_unlock (&self->lock);

  save_if (self, save);
  return G_SOURCE_REMOVE;
}

/* ---- the server thread ---- */

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  BottegaSandbox *self = user_data;
  SandboxResponse response = { 0 };
  SandboxFault fault = { SANDBOX_FAULT_NONE, 0 };
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = NULL;
  const char *content_type = NULL;
  gboolean api = g_str_has_prefix (path, "/api/v1/");
  gboolean save = FALSE;
  guint status;

  g_atomic_int_inc (&self->request_count);

  g_mutex_lock (&self->lock);
  if (api)
    fault = sandbox_faults_take (self->faults);
  if (fault.kind == SANDBOX_FAULT_STATUS)
    sandbox_fault_respond (&fault, &response);
  else
    sandbox_api_handle (self->shop, self->url, msg, path, &response);
  if (response.changed)
    save = changed_locked (self);
  g_mutex_unlock (&self->lock);
  save_if (self, save);

  status = response.status;
  if (response.body != NULL)
    {
      g_autofree char *text = json_to_string (response.body, FALSE);
      gsize len = strlen (text);

      body = g_bytes_new_take (g_steal_pointer (&text), len);
      content_type = "application/json; charset=utf-8";
    }
  else if (response.raw != NULL)
    {
      body = g_bytes_ref (response.raw);
      content_type = response.raw_type;
    }
  if (fault.kind == SANDBOX_FAULT_MALFORMED)
    {
      GBytes *mangled = sandbox_fault_mangle (&fault, body, &status);

      g_clear_pointer (&body, g_bytes_unref);
      body = mangled;
      content_type = "application/json; charset=utf-8";
    }

  g_debug ("%s %s → %u", soup_server_message_get_method (msg), path, status);

  soup_server_message_set_status (msg, status, NULL);
  if (response.location != NULL)
    soup_message_headers_replace (headers, "Location", response.location);
  if (response.disposition != NULL)
    soup_message_headers_replace (headers, "Content-Disposition", response.disposition);
  soup_message_headers_replace (headers, "Cache-Control", "max-age=0, private, must-revalidate");
  if (body != NULL)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (body, &len);

      soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, data, len);
    }
  else
    soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);

  sandbox_response_clear (&response);
}

static gpointer
server_thread (gpointer data)
{
  BottegaSandbox *self = data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  GError *error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);

  server = soup_server_new ("server-header", "bottega-sandbox ", NULL);
  soup_server_add_handler (server, NULL, server_callback, self, NULL);
  address = g_inet_socket_address_new (loopback, (guint16) self->requested_port);
  ok = soup_server_listen (server, address, 0, &error);
  if (ok)
    {
      GSList *uris = soup_server_get_uris (server);
      guint port = uris ? (guint) g_uri_get_port (uris->data) : 0;

      g_free (self->url);
      self->url = g_strdup_printf ("http://127.0.0.1:%u", port);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }

  g_mutex_lock (&self->start_lock);
  self->start_error = error;
  self->start_done = TRUE;
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_lock);

  if (ok)
    g_main_loop_run (self->loop);

  soup_server_disconnect (server);
  g_clear_object (&server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* ---- GObject ---- */

static gboolean
bottega_sandbox_initable_init (GInitable     *initable,
                               GCancellable  *cancellable,
                               GError       **error)
{
  BottegaSandbox *self = BOTTEGA_SANDBOX (initable);
  SandboxShop *shop = NULL;

  if (self->state_path != NULL && g_file_test (self->state_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_file (parser, self->state_path, error))
        return FALSE;
      shop = sandbox_shop_new_from_json (json_parser_get_root (parser), error);
      if (shop == NULL)
        return FALSE;
    }
  else
    {
      shop = sandbox_shop_new_seeded ((gint64) now_seconds (), error);
      if (shop == NULL)
        return FALSE;
      self->dirty = TRUE;
    }

  if (self->state_path != NULL)
    {
      g_autofree char *parent = g_path_get_dirname (self->state_path);

      if (g_mkdir_with_parents (parent, 0700) != 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "Cannot create the sandbox's folder: %s", g_strerror (errno));
          sandbox_shop_free (shop);
          return FALSE;
        }
      self->blob_dir = g_strconcat (self->state_path, ".files", NULL);
      sandbox_shop_set_blob_dir (shop, self->blob_dir);
    }

  self->shop = shop;
  if (self->dirty && !save_now (self, error))
    return FALSE;
  return TRUE;
}

static void
bottega_sandbox_initable_iface_init (GInitableIface *iface)
{
  iface->init = bottega_sandbox_initable_init;
}

static void
bottega_sandbox_dispose (GObject *object)
{
  BottegaSandbox *self = BOTTEGA_SANDBOX (object);

  bottega_sandbox_stop (self);

  G_OBJECT_CLASS (bottega_sandbox_parent_class)->dispose (object);
}

static void
bottega_sandbox_finalize (GObject *object)
{
  BottegaSandbox *self = BOTTEGA_SANDBOX (object);

  g_clear_pointer (&self->shop, sandbox_shop_free);
  g_clear_pointer (&self->faults, sandbox_faults_free);
  g_clear_pointer (&self->demo_rand, g_rand_free);
  g_clear_pointer (&self->old_tokens, g_ptr_array_unref);
  g_clear_pointer (&self->state_path, g_free);
  g_clear_pointer (&self->blob_dir, g_free);
  g_clear_pointer (&self->url, g_free);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->save_lock);
  g_mutex_clear (&self->start_lock);
  g_cond_clear (&self->start_cond);

  G_OBJECT_CLASS (bottega_sandbox_parent_class)->finalize (object);
}

static void
bottega_sandbox_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BottegaSandbox *self = BOTTEGA_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_STATE_PATH:
      g_value_set_string (value, self->state_path);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_sandbox_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BottegaSandbox *self = BOTTEGA_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_STATE_PATH:
      g_free (self->state_path);
      self->state_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_sandbox_class_init (BottegaSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bottega_sandbox_dispose;
  object_class->finalize = bottega_sandbox_finalize;
  object_class->get_property = bottega_sandbox_get_property;
  object_class->set_property = bottega_sandbox_set_property;

  properties[PROP_STATE_PATH] =
    g_param_spec_string ("state-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_sandbox_init (BottegaSandbox *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->save_lock);
  g_mutex_init (&self->start_lock);
  g_cond_init (&self->start_cond);
  self->faults = sandbox_faults_new ();
  self->demo_rand = g_rand_new ();
  self->old_tokens = g_ptr_array_new_with_free_func (g_free);
}

/* ---- public API ---- */

BottegaSandbox *
bottega_sandbox_new (const char  *state_path,
                     GError     **error)
{
  return g_initable_new (BOTTEGA_TYPE_SANDBOX, NULL, error, "state-path", state_path, NULL);
}

gboolean
bottega_sandbox_start (BottegaSandbox  *self,
                       guint            port,
                       GError         **error)
{
  GError *start_error = NULL;

  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->thread != NULL)
    return TRUE;

  self->requested_port = port;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->start_done = FALSE;
  self->start_error = NULL;

  self->thread = g_thread_try_new ("bottega-sandbox", server_thread, self, error);
  if (self->thread == NULL)
    {
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }

  g_mutex_lock (&self->start_lock);
  while (!self->start_done)
    g_cond_wait (&self->start_cond, &self->start_lock);
  start_error = g_steal_pointer (&self->start_error);
  g_mutex_unlock (&self->start_lock);

  if (start_error != NULL)
    {
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      g_propagate_error (error, start_error);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  self->running = TRUE;
  arm_demo_locked (self);
  if (self->dirty && self->state_path != NULL && self->save_source == NULL)
    {
      self->save_source = g_timeout_source_new (SAVE_DELAY_MS);
      g_source_set_callback (self->save_source, save_timeout_cb, self, NULL);
      g_source_attach (self->save_source, self->context);
    }
  g_mutex_unlock (&self->lock);

  g_debug ("Sandbox listening on %s", self->url);
  return TRUE;
}

void
bottega_sandbox_stop (BottegaSandbox *self)
{
  GSource *idle;

  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));

  if (self->thread == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->running = FALSE;
  if (self->save_source != NULL)
    {
      g_source_destroy (self->save_source);
      g_clear_pointer (&self->save_source, g_source_unref);
    }
  if (self->demo_source != NULL)
    {
      g_source_destroy (self->demo_source);
      g_clear_pointer (&self->demo_source, g_source_unref);
    }
  g_mutex_unlock (&self->lock);

  idle = g_idle_source_new ();
  g_source_set_callback (idle, quit_cb, g_main_loop_ref (self->loop), (GDestroyNotify) g_main_loop_unref);
  g_source_attach (idle, self->context);
  g_source_unref (idle);
  g_thread_join (g_steal_pointer (&self->thread));

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  /* Whatever the last requests changed reaches the disk before we return. */
  save_if (self, TRUE);
}

const char *
bottega_sandbox_get_url (BottegaSandbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), NULL);

  return self->url;
}

const char *
bottega_sandbox_get_token (BottegaSandbox *self)
{
  const char *token;

  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), NULL);

  g_mutex_lock (&self->lock);
  token = self->shop->token;
  g_mutex_unlock (&self->lock);
  return token;
}

gint64
bottega_sandbox_get_account_id (BottegaSandbox *self)
{
  gint64 id;

  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), 0);

  g_mutex_lock (&self->lock);
  id = ((SandboxAccount *) g_ptr_array_index (self->shop->accounts, 0))->id;
  g_mutex_unlock (&self->lock);
  return id;
}

void
bottega_sandbox_set_demo_mode (BottegaSandbox *self,
                               gboolean        demo)
{
  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));

  g_mutex_lock (&self->lock);
  self->demo_mode = !!demo;
  if (!demo && self->demo_source != NULL)
    {
      g_source_destroy (self->demo_source);
      g_clear_pointer (&self->demo_source, g_source_unref);
    }
  arm_demo_locked (self);
  g_mutex_unlock (&self->lock);
}

gint64
bottega_sandbox_demo_tick (BottegaSandbox *self)
{
  gboolean save = FALSE;
  gint64 id;

  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), 0);

  g_mutex_lock (&self->lock);
  id = demo_write_locked (self, &save);
  g_mutex_unlock (&self->lock);
  save_if (self, save);
  return id;
}

void
bottega_sandbox_fail_next (BottegaSandbox *self,
                           guint           status,
                           guint           count)
{
  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));
  g_return_if_fail (status >= 100 && status < 600);

  g_mutex_lock (&self->lock);
  sandbox_faults_push (self->faults, SANDBOX_FAULT_STATUS, status, count);
  g_mutex_unlock (&self->lock);
}

void
bottega_sandbox_malformed_next (BottegaSandbox *self,
                                guint           count)
{
  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));

  g_mutex_lock (&self->lock);
  sandbox_faults_push (self->faults, SANDBOX_FAULT_MALFORMED, 200, count);
  g_mutex_unlock (&self->lock);
}

void
bottega_sandbox_set_token (BottegaSandbox *self,
                           const char     *token)
{
  gboolean save;

  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));
  g_return_if_fail (token != NULL && *token != '\0');

  g_mutex_lock (&self->lock);
  if (g_strcmp0 (self->shop->token, token) == 0)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  /* get_token's earlier answers stay valid strings. */
  g_ptr_array_add (self->old_tokens, self->shop->token);
  self->shop->token = g_strdup (token);
  save = changed_locked (self);
  g_mutex_unlock (&self->lock);
  save_if (self, save);
}

void
bottega_sandbox_add_account (BottegaSandbox *self,
                             const char     *name)
{
  gboolean save;

  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));
  g_return_if_fail (name != NULL);

  g_mutex_lock (&self->lock);
  sandbox_shop_add_account (self->shop, name, (gint64) now_seconds ());
  save = changed_locked (self);
  g_mutex_unlock (&self->lock);
  save_if (self, save);
}

gint64
bottega_sandbox_add_incoming_message (BottegaSandbox *self,
                                      gint64          display_id,
                                      const char     *content)
{
  SandboxConversation *conv;
  gint64 id = 0;
  gboolean save = FALSE;

  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), 0);
  g_return_val_if_fail (content != NULL, 0);

  g_mutex_lock (&self->lock);
  conv = sandbox_shop_find_conversation (self->shop, 0, display_id);
  if (conv != NULL)
    {
      id = sandbox_shop_add_incoming (self->shop, conv, content, now_seconds ())->id;
      save = changed_locked (self);
    }
  g_mutex_unlock (&self->lock);
  save_if (self, save);
  return id;
}

guint
bottega_sandbox_count_messages (BottegaSandbox *self,
                                gint64          display_id,
                                const char     *content)
{
  SandboxConversation *conv;
  guint n = 0;

  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), 0);

  g_mutex_lock (&self->lock);
  conv = sandbox_shop_find_conversation (self->shop, 0, display_id);
  for (guint i = 0; conv != NULL && i < conv->messages->len; i++)
    {
      SandboxMessage *m = g_ptr_array_index (conv->messages, i);

      if (g_strcmp0 (m->content, content) == 0)
        n++;
    }
  g_mutex_unlock (&self->lock);
  return n;
}

JsonNode *
bottega_sandbox_dump_messages (BottegaSandbox *self,
                               gint64          display_id)
{
  JsonArray *array = json_array_new ();
  SandboxConversation *conv;
  JsonNode *node;

  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), NULL);

  g_mutex_lock (&self->lock);
  conv = sandbox_shop_find_conversation (self->shop, 0, display_id);
  for (guint i = 0; conv != NULL && i < conv->messages->len; i++)
    json_array_add_element (array, sandbox_api_message (self->shop, g_ptr_array_index (conv->messages, i),
                                                        self->url ? self->url : "http://127.0.0.1",
                                                        FALSE, NULL));
  g_mutex_unlock (&self->lock);

  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
  return node;
}

guint
bottega_sandbox_get_n_conversations (BottegaSandbox *self)
{
  guint n;

  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), 0);

  g_mutex_lock (&self->lock);
  n = self->shop->conversations->len;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
bottega_sandbox_get_request_count (BottegaSandbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), 0);

  return (guint) g_atomic_int_get (&self->request_count);
}
