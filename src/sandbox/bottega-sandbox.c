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

  gint64         ws_refuse_until;  /* monotonic µs: /cable handshakes answer 503 until then */

  GMutex         save_lock;    /* one writer of the state file at a time */
  gint           request_count;
  gint           n_websockets;

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
  SandboxCable  *cable;        /* server thread only */

  SandboxCatalog *catalog;     /* immutable products; locks itself */
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

/* ---- running code on the server thread ---- */

typedef struct {
  GSourceFunc func;
  gpointer    data;
  GMutex      mutex;
  GCond       cond;
  gboolean    done;
} SyncCall;

static gboolean
sync_call_cb (gpointer user_data)
{
  SyncCall *call = user_data;

  call->func (call->data);
  g_mutex_lock (&call->mutex);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->mutex);
  return G_SOURCE_REMOVE;
}

/* Runs @func on the server thread and waits for it; nothing when stopped. */
static void
run_on_server_thread (BottegaSandbox *self,
                      GSourceFunc     func,
                      gpointer        data)
{
  SyncCall call = { func, data };

  if (self->context == NULL)
    return;
  if (g_main_context_is_owner (self->context))
    {
      func (data);
      return;
    }
  g_mutex_init (&call.mutex);
  g_cond_init (&call.cond);
  g_main_context_invoke (self->context, sync_call_cb, &call);
  g_mutex_lock (&call.mutex);
  while (!call.done)
    g_cond_wait (&call.cond, &call.mutex);
  g_mutex_unlock (&call.mutex);
  g_mutex_clear (&call.mutex);
  g_cond_clear (&call.cond);
}

/* ---- realtime ---- */

static gboolean
flush_events_cb (gpointer user_data)
{
  BottegaSandbox *self = user_data;
  g_autoptr(GPtrArray) events = NULL;

  g_mutex_lock (&self->lock);
  if (self->shop->events->len > 0)
    {
      events = g_steal_pointer (&self->shop->events);
      self->shop->events = g_ptr_array_new_with_free_func ((GDestroyNotify) sandbox_event_free);
    }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; events != NULL && self->cable != NULL && i < events->len; i++)
    sandbox_cable_broadcast (self->cable, g_ptr_array_index (events, i));
  return G_SOURCE_REMOVE;
}

/* Sends what changed to /cable, in order; call without the lock. On the
 * server thread this happens before returning, elsewhere soon after. */
static void
dispatch_events (BottegaSandbox *self)
{
  if (self->context != NULL)
    {
      g_main_context_invoke (self->context, flush_events_cb, self);
      return;
    }
  /* Nobody can be listening. */
  g_mutex_lock (&self->lock);
  g_ptr_array_set_size (self->shop->events, 0);
  g_mutex_unlock (&self->lock);
}

static gboolean
cable_check (const char *pubsub_token,
             gint64      user_id,
             gpointer    user_data)
{
  BottegaSandbox *self = user_data;
  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = g_strcmp0 (pubsub_token, self->shop->pubsub_token) == 0 && user_id == self->shop->profile_id;
  g_mutex_unlock (&self->lock);
  return ok;
}

/* Delivery receipts in demo mode: delivered after ~2 s, read after ~6 s. */
typedef struct {
  BottegaSandbox *self;
  gint64          message_id;
  const char     *status;
} Receipt;

static gboolean
receipt_cb (gpointer user_data)
{
  Receipt *receipt = user_data;
  BottegaSandbox *self = receipt->self;
  SandboxMessage *m;
  gboolean save = FALSE;

  g_mutex_lock (&self->lock);
  m = sandbox_shop_find_message (self->shop, receipt->message_id, NULL);
  if (m != NULL && g_strcmp0 (m->status, "failed") != 0 &&
      sandbox_shop_set_message_status (self->shop, m, receipt->status, NULL, now_seconds ()))
    save = changed_locked (self);
  g_mutex_unlock (&self->lock);
  save_if (self, save);
  dispatch_events (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_receipts_locked (BottegaSandbox *self,
                          gint64          message_id)
{
  static const struct { guint ms; const char *status; } steps[] = {
    { 2000, "delivered" },
    { 6000, "read" },
  };

  if (!self->demo_mode || !self->running)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      Receipt *receipt = g_new0 (Receipt, 1);
      GSource *source = g_timeout_source_new (steps[i].ms);

      receipt->self = self;
      receipt->message_id = message_id;
      receipt->status = steps[i].status;
      g_source_set_callback (source, receipt_cb, receipt, g_free);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
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
  dispatch_events (self);
  return G_SOURCE_REMOVE;
}

/* ---- the server thread ---- */

static void
send_response (SoupServerMessage  *msg,
               SandboxResponse    *response,
               const SandboxFault *fault)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = NULL;
  const char *content_type = NULL;
  guint status = response->status;

  if (response->body != NULL)
    {
      g_autofree char *text = json_to_string (response->body, FALSE);
      gsize len = strlen (text);

      body = g_bytes_new_take (g_steal_pointer (&text), len);
      content_type = "application/json; charset=utf-8";
    }
  else if (response->raw != NULL)
    {
      body = g_bytes_ref (response->raw);
      content_type = response->raw_type;
    }
  if (fault != NULL && fault->kind == SANDBOX_FAULT_MALFORMED)
    {
      GBytes *mangled = sandbox_fault_mangle (fault, body, &status);

      g_clear_pointer (&body, g_bytes_unref);
      body = mangled;
      content_type = "application/json; charset=utf-8";
    }

  soup_server_message_set_status (msg, status, NULL);
  if (response->location != NULL)
    soup_message_headers_replace (headers, "Location", response->location);
  if (response->disposition != NULL)
    soup_message_headers_replace (headers, "Content-Disposition", response->disposition);
  soup_message_headers_replace (headers, "Cache-Control", "max-age=0, private, must-revalidate");
  if (body != NULL)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (body, &len);

      soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, data, len);
    }
  else
    soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

static gboolean
steal_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL && !g_io_stream_close (stream, NULL, NULL))
    g_debug ("A dropped connection did not close cleanly");
  return G_SOURCE_REMOVE;
}

/* The change is committed; the client never hears of it. The connection
 * is taken from libsoup once it is done with this callback. */
static void
drop_connection (SoupServerMessage *msg)
{
  GSource *idle = g_idle_source_new ();

  soup_server_message_pause (msg);
  g_source_set_callback (idle, steal_cb, g_object_ref (msg), g_object_unref);
  g_source_attach (idle, g_main_context_get_thread_default ());
  g_source_unref (idle);
}

/* Answers an API or file request. Returns FALSE when the connection is
 * dropped instead (@msg is then paused for good). */
static gboolean
serve (BottegaSandbox    *self,
       SoupServerMessage *msg,
       const char        *path)
{
  SandboxResponse response = { 0 };
  SandboxFault fault = { SANDBOX_FAULT_NONE, 0 };
  SandboxPostFault post = SANDBOX_POST_NORMAL;
  const char *method = soup_server_message_get_method (msg);
  gboolean api = g_str_has_prefix (path, "/api/v1/");
  gboolean save = FALSE;
  gboolean drop = FALSE;

  g_mutex_lock (&self->lock);
  if (api && sandbox_faults_rate_limited (self->faults))
    {
      /* rack-attack answers before the application sees the request. */
      fault.kind = SANDBOX_FAULT_STATUS;
      fault.status = 429;
    }
  else if (api)
    fault = sandbox_faults_take (self->faults);
  if (fault.kind == SANDBOX_FAULT_NONE && api && sandbox_api_is_message_create (method, path))
    post = sandbox_faults_roll_post (self->faults);
  if (post == SANDBOX_POST_ERROR)
    {
      fault.kind = SANDBOX_FAULT_STATUS;
      fault.status = 500;
    }

  if (fault.kind == SANDBOX_FAULT_STATUS)
    sandbox_fault_respond (&fault, &response);
  else
    sandbox_api_handle (self->shop, self->url, msg, path, &response);

  if (response.created_message != 0)
    drop = sandbox_faults_take_drop (self->faults) || post == SANDBOX_POST_DROP;
  if (response.sent_message != 0)
    schedule_receipts_locked (self, response.sent_message);
  if (response.changed)
    save = changed_locked (self);
  g_mutex_unlock (&self->lock);
  save_if (self, save);
  dispatch_events (self);

  g_debug ("%s %s → %u%s", method, path, response.status, drop ? " (dropped)" : "");

  if (drop)
    drop_connection (msg);
  else
    send_response (msg, &response, &fault);
  sandbox_response_clear (&response);
  return !drop;
}

typedef struct {
  BottegaSandbox    *self;
  SoupServerMessage *msg;
  char              *path;
  GSource           *source;
  gulong             finished_id;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *d = data;

  g_clear_signal_handler (&d->finished_id, d->msg);
  g_object_unref (d->msg);
  g_free (d->path);
  g_free (d);
}

static gboolean
delayed_cb (gpointer data)
{
  Delayed *d = data;

  g_clear_signal_handler (&d->finished_id, d->msg);
  if (serve (d->self, d->msg, d->path))
    soup_server_message_unpause (d->msg);
  return G_SOURCE_REMOVE;
}

/* The client went away while we waited. */
static void
delayed_finished_cb (SoupServerMessage *msg,
                     gpointer           data)
{
  Delayed *d = data;

  g_source_destroy (d->source);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  BottegaSandbox *self = user_data;
  guint latency = 0;

  if (g_str_has_prefix (path, "/_sandbox/"))
    {
      SandboxResponse response = { 0 };

      sandbox_control_handle (self, msg, path, &response);
      send_response (msg, &response, NULL);
      sandbox_response_clear (&response);
      return;
    }

  g_atomic_int_inc (&self->request_count);

  if (g_str_has_prefix (path, "/api"))
    {
      g_mutex_lock (&self->lock);
      latency = sandbox_faults_get_latency (self->faults);
      g_mutex_unlock (&self->lock);
    }
  if (latency > 0)
    {
      Delayed *d = g_new0 (Delayed, 1);

      d->self = self;
      d->msg = g_object_ref (msg);
      d->path = g_strdup (path);
      d->source = g_timeout_source_new (latency);
      soup_server_message_pause (msg);
      d->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (delayed_finished_cb), d);
      g_source_set_callback (d->source, delayed_cb, d, delayed_free);
      g_source_attach (d->source, g_main_context_get_thread_default ());
      g_source_unref (d->source);
      return;
    }

  serve (self, msg, path);
}

/* /cable as plain HTTP, before the websocket handshake: refused while
 * drop_websockets says so. */
static void
cable_http_callback (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  BottegaSandbox *self = user_data;
  gboolean refuse;

  g_mutex_lock (&self->lock);
  refuse = g_get_monotonic_time () < self->ws_refuse_until;
  g_mutex_unlock (&self->lock);
  if (refuse)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                        "Service Unavailable\n", strlen ("Service Unavailable\n"));
    }
}

static void
cable_websocket_callback (SoupServer              *server,
                          SoupServerMessage       *msg,
                          const char              *path,
                          SoupWebsocketConnection *connection,
                          gpointer                 user_data)
{
  BottegaSandbox *self = user_data;

  sandbox_cable_accept (self->cable, connection);
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
  soup_server_add_handler (server, "/cable", cable_http_callback, self, NULL);
  soup_server_add_handler (server, "/graph", sandbox_catalog_callback, self, NULL);
  soup_server_add_websocket_handler (server, "/cable", NULL, (char *[]) { (char *) "actioncable-v1-json", NULL },
                                     cable_websocket_callback, self, NULL);
  self->cable = sandbox_cable_new (cable_check, self, &self->n_websockets);
  address = g_inet_socket_address_new (loopback, (guint16) self->requested_port);
  ok = soup_server_listen (server, address, 0, &error);
  if (ok)
    {
      GSList *uris = soup_server_get_uris (server);
      guint port = uris ? (guint) g_uri_get_port (uris->data) : 0;

      g_free (self->url);
      self->url = g_strdup_printf ("http://127.0.0.1:%u", port);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
      g_mutex_lock (&self->lock);
      g_free (self->shop->base_url);
      self->shop->base_url = g_strdup (self->url);
      g_mutex_unlock (&self->lock);
    }

  g_mutex_lock (&self->start_lock);
  self->start_error = error;
  self->start_done = TRUE;
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_lock);

  if (ok)
    g_main_loop_run (self->loop);

  g_clear_pointer (&self->cable, sandbox_cable_free);
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

  shop->emit_events = TRUE;
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
  g_clear_pointer (&self->catalog, sandbox_catalog_free);
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
  self->catalog = sandbox_catalog_new ();
  self->demo_rand = g_rand_new ();
  self->old_tokens = g_ptr_array_new_with_free_func (g_free);
}

/* ---- public API ---- */

SandboxCatalog *
sandbox_get_catalog (BottegaSandbox *self)
{
  return self->catalog;
}

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
  g_mutex_lock (&self->lock);
  g_ptr_array_set_size (self->shop->events, 0);
  g_mutex_unlock (&self->lock);
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
  dispatch_events (self);
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
  dispatch_events (self);
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

/* ---- realtime and faults ---- */

void
bottega_sandbox_set_latency (BottegaSandbox *self,
                             guint           ms)
{
  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));

  g_mutex_lock (&self->lock);
  sandbox_faults_set_latency (self->faults, ms);
  g_mutex_unlock (&self->lock);
}

void
bottega_sandbox_drop_after_commit_next (BottegaSandbox *self,
                                        guint           count)
{
  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));

  g_mutex_lock (&self->lock);
  sandbox_faults_drop_next_commits (self->faults, count);
  g_mutex_unlock (&self->lock);
}

void
bottega_sandbox_set_post_faults (BottegaSandbox *self,
                                 double          drop_rate,
                                 double          error_rate,
                                 guint32         seed)
{
  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));
  g_return_if_fail (drop_rate >= 0.0 && error_rate >= 0.0 && drop_rate + error_rate <= 1.0);

  g_mutex_lock (&self->lock);
  sandbox_faults_set_post (self->faults, drop_rate, error_rate, seed);
  g_mutex_unlock (&self->lock);
}

void
bottega_sandbox_rate_limit_for (BottegaSandbox *self,
                                guint           seconds)
{
  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));

  g_mutex_lock (&self->lock);
  sandbox_faults_rate_limit_for (self->faults, seconds);
  g_mutex_unlock (&self->lock);
}

static gboolean
close_websockets_cb (gpointer user_data)
{
  BottegaSandbox *self = user_data;

  if (self->cable != NULL)
    sandbox_cable_close_all (self->cable);
  return G_SOURCE_REMOVE;
}

void
bottega_sandbox_drop_websockets (BottegaSandbox *self,
                                 guint           refuse_seconds)
{
  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));

  g_mutex_lock (&self->lock);
  self->ws_refuse_until = refuse_seconds > 0
                          ? g_get_monotonic_time () + (gint64) refuse_seconds * G_USEC_PER_SEC
                          : 0;
  g_mutex_unlock (&self->lock);
  run_on_server_thread (self, close_websockets_cb, self);
}

guint
bottega_sandbox_get_n_websockets (BottegaSandbox *self)
{
  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), 0);

  return (guint) g_atomic_int_get (&self->n_websockets);
}

gboolean
bottega_sandbox_restart (BottegaSandbox  *self,
                         GError         **error)
{
  guint port = self->requested_port;

  g_return_val_if_fail (BOTTEGA_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->url != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);

      if (uri != NULL && g_uri_get_port (uri) > 0)
        port = (guint) g_uri_get_port (uri);
    }
  bottega_sandbox_stop (self);
  return bottega_sandbox_start (self, port, error);
}

void
bottega_sandbox_set_message_status (BottegaSandbox *self,
                                    gint64          message_id,
                                    const char     *status,
                                    const char     *external_error)
{
  SandboxMessage *m;
  gboolean save = FALSE;

  g_return_if_fail (BOTTEGA_IS_SANDBOX (self));
  g_return_if_fail (g_strcmp0 (status, "sent") == 0 || g_strcmp0 (status, "delivered") == 0 ||
                    g_strcmp0 (status, "read") == 0 || g_strcmp0 (status, "failed") == 0);

  g_mutex_lock (&self->lock);
  m = sandbox_shop_find_message (self->shop, message_id, NULL);
  if (m != NULL && sandbox_shop_set_message_status (self->shop, m, status, external_error, now_seconds ()))
    save = changed_locked (self);
  g_mutex_unlock (&self->lock);
  save_if (self, save);
  dispatch_events (self);
}
