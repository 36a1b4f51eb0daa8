/* bottega-chatwoot-client.c: the Chatwoot Application API over libsoup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-provider"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include <libsoup/soup.h>

#include "bottega-chatwoot-client.h"

#define DEFAULT_TIMEOUT      30
#define MAX_ERROR_BODY       (64 * 1024)
#define MAX_ERROR_TEXT       160
#define MAX_ATTACHMENTS      15
#define MAX_UPLOAD_SIZE      (100 * 1024 * 1024)
#define READ_CHUNK           (64 * 1024)
#define MAX_REDIRECTS        5

struct _BottegaChatwootClient
{
  GObject      parent_instance;

  /* Immutable after _new. */
  char        *base_url;
  gint64       account_id;

  /* Guards what follows: blocking calls run on any thread. */
  GMutex       lock;
  char        *token;
  gint64       remote_account_id;
  guint        timeout;
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (BottegaChatwootClient, bottega_chatwoot_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_ACCOUNT_ID,
  PROP_REMOTE_ACCOUNT_ID,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- session ---- */

/* Every option is set here, before the session is shared between threads. */
static SoupSession *
create_session (guint timeout)
{
  return soup_session_new_with_options ("user-agent", "Bottega/" PACKAGE_VERSION,
                                        "timeout", timeout,
                                        "idle-timeout", 60,
                                        "max-conns", 8,
                                        "max-conns-per-host", 4,
                                        NULL);
}

static void
bottega_chatwoot_client_finalize (GObject *object)
{
  BottegaChatwootClient *self = (BottegaChatwootClient *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  if (self->token != NULL)
    {
      memset (self->token, 0, strlen (self->token));
      g_clear_pointer (&self->token, g_free);
    }
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (bottega_chatwoot_client_parent_class)->finalize (object);
}

static void
bottega_chatwoot_client_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  BottegaChatwootClient *self = BOTTEGA_CHATWOOT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;

    case PROP_REMOTE_ACCOUNT_ID:
      g_value_set_int64 (value, bottega_chatwoot_client_get_remote_account_id (self));
      break;

    case PROP_TIMEOUT:
      g_mutex_lock (&self->lock);
      g_value_set_uint (value, self->timeout);
      g_mutex_unlock (&self->lock);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_chatwoot_client_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  BottegaChatwootClient *self = BOTTEGA_CHATWOOT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REMOTE_ACCOUNT_ID:
      bottega_chatwoot_client_set_remote_account_id (self, g_value_get_int64 (value));
      break;

    case PROP_TIMEOUT:
      bottega_chatwoot_client_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_chatwoot_client_class_init (BottegaChatwootClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bottega_chatwoot_client_finalize;
  object_class->get_property = bottega_chatwoot_client_get_property;
  object_class->set_property = bottega_chatwoot_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_REMOTE_ACCOUNT_ID] =
    g_param_spec_int64 ("remote-account-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_chatwoot_client_init (BottegaChatwootClient *self)
{
  g_mutex_init (&self->lock);
  self->timeout = DEFAULT_TIMEOUT;
}

/* ---- URLs ---- */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* https:// anywhere, http:// only to this computer. @base also refuses
 * what cannot be a server address (a query, a fragment, credentials). */
static gboolean
check_url (const char  *url,
           gboolean     base,
           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL ||
      (host = g_uri_get_host (uri)) == NULL || *host == '\0' ||
      (base && (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
                g_uri_get_userinfo (uri) != NULL)))
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL,
                           base ? _("This is not a server address. Enter the address of the Chatwoot server, such as https://chat.example.com")
                                : _("This is not a web address Bottega can download from"));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (host))
    return TRUE;

  g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL,
                       /* Translators: do not translate "https://" and "http://" */
                       _("Bottega only connects to https:// servers (http:// only on this computer)"));
  return FALSE;
}

/* ---- construction and accessors ---- */

BottegaChatwootClient *
bottega_chatwoot_client_new (const char  *base_url,
                             const char  *token,
                             gint64       remote_account_id,
                             gint64       account_id,
                             GError     **error)
{
  BottegaChatwootClient *self;
  g_autofree char *url = NULL;
  gsize len;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (remote_account_id >= 0, NULL);
  g_return_val_if_fail (account_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = g_strstrip (g_strdup (base_url));
  len = strlen (url);
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  if (!check_url (url, TRUE, error))
    return NULL;

  self = g_object_new (BOTTEGA_TYPE_CHATWOOT_CLIENT, NULL);
  self->base_url = g_steal_pointer (&url);
  self->account_id = account_id;
  self->remote_account_id = remote_account_id;
  self->session = create_session (self->timeout);
  bottega_chatwoot_client_set_token (self, token);

  return self;
}

const char *
bottega_chatwoot_client_get_base_url (BottegaChatwootClient *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);

  return self->base_url;
}

void
bottega_chatwoot_client_set_token (BottegaChatwootClient *self,
                                   const char            *token)
{
  char *old;

  g_return_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self));

  g_mutex_lock (&self->lock);
  old = self->token;
  /* A pasted token often carries a stray newline. */
  self->token = token ? g_strstrip (g_strdup (token)) : NULL;
  g_mutex_unlock (&self->lock);

  if (old != NULL)
    {
      memset (old, 0, strlen (old));
      g_free (old);
    }
}

gint64
bottega_chatwoot_client_get_remote_account_id (BottegaChatwootClient *self)
{
  gint64 id;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), 0);

  g_mutex_lock (&self->lock);
  id = self->remote_account_id;
  g_mutex_unlock (&self->lock);

  return id;
}

void
bottega_chatwoot_client_set_remote_account_id (BottegaChatwootClient *self,
                                               gint64                 remote_account_id)
{
  gboolean changed;

  g_return_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (remote_account_id >= 0);

  g_mutex_lock (&self->lock);
  changed = self->remote_account_id != remote_account_id;
  self->remote_account_id = remote_account_id;
  g_mutex_unlock (&self->lock);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ACCOUNT_ID]);
}

void
bottega_chatwoot_client_set_timeout (BottegaChatwootClient *self,
                                     guint                  seconds)
{
  g_autoptr(SoupSession) old = NULL;

  g_return_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (seconds > 0);

  g_mutex_lock (&self->lock);
  if (self->timeout == seconds)
    {
      g_mutex_unlock (&self->lock);
      return;
    }

  /* A session's options are fixed once it is shared between threads, so
   * a new timeout gets a new session; requests in flight keep the old one. */
  self->timeout = seconds;
  old = g_steal_pointer (&self->session);
  self->session = create_session (seconds);
  g_mutex_unlock (&self->lock);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/* ---- errors ---- */

static gboolean
token_is_sendable (const char *token)
{
  if (token == NULL || *token == '\0')
    return FALSE;

  for (const char *p = token; *p; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f)
      return FALSE;

  return TRUE;
}

/* The server's own words, fit for a one-line message: no token, no
 * personal data, no control characters, not too long. */
static char *
sanitize_server_text (const char *text,
                      const char *token)
{
  g_autofree char *valid = NULL;
  g_autofree char *redacted = NULL;
  GString *out;
  const char *p;
  gboolean space = FALSE;
  guint n_chars = 0;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);

  if (token != NULL && *token != '\0' && strstr (valid, token) != NULL)
    {
      g_autoptr(GString) without = g_string_new (valid);

      g_string_replace (without, token, "[redacted]", 0);
      g_free (valid);
      valid = g_string_free (g_steal_pointer (&without), FALSE);
    }

  redacted = bottega_redact (valid);
  if (redacted == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (p = redacted; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }

      if (n_chars >= MAX_ERROR_TEXT)
        {
          g_string_append (out, "…");
          break;
        }

      if (space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n_chars++;
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

/* Chatwoot says why in {"error":…}, {"message":…} or {"errors":[…]}. */
static char *
server_error_text (GBytes     *body,
                   const char *token)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;
  JsonNode *node;
  const char *names[] = { "error", "message", "errors" };

  if (body == NULL || g_bytes_get_size (body) == 0)
    return NULL;

  root = bottega_chatwoot_parse_json_full (body, MAX_ERROR_BODY, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  obj = json_node_get_object (root);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      node = json_object_get_member (obj, names[i]);
      if (node == NULL)
        continue;

      if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
        node = json_array_get_element (json_node_get_array (node), 0);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        return sanitize_server_text (json_node_get_string (node), token);
    }

  return NULL;
}

static void
set_status_error (guint        status,
                  GBytes      *body,
                  const char  *token,
                  GError     **error)
{
  g_autofree char *text = server_error_text (body, token);
  BottegaProviderError code;
  g_autofree char *message = NULL;

  if (status == 401)
    {
      code = BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED;
      if (text == NULL || g_ascii_strcasecmp (text, "Invalid Access Token") == 0)
        message = g_strdup (_("The server refused the access token; enter a new access token for this account"));
      else
        /* Translators: %s is the server's reason, in the server's language */
        message = g_strdup_printf (_("The server refused access: %s"), text);
    }
  else if (status == 402 || status == 403)
    {
      code = BOTTEGA_PROVIDER_ERROR_FORBIDDEN;
      /* Translators: %s is the server's reason, in the server's language */
      message = text ? g_strdup_printf (_("The server does not allow this: %s"), text)
                     : g_strdup (_("The server does not allow this"));
    }
  else if (status == 404)
    {
      code = BOTTEGA_PROVIDER_ERROR_NOT_FOUND;
      message = g_strdup (_("The server could not find this conversation or item"));
    }
  else if (status == 413)
    {
      code = BOTTEGA_PROVIDER_ERROR_TOO_LARGE;
      message = g_strdup (_("The server refused a request this large"));
    }
  else if (status == 429)
    {
      code = BOTTEGA_PROVIDER_ERROR_RATE_LIMITED;
      message = g_strdup (_("The server asks Bottega to slow down for a while"));
    }
  else if (status >= 500 && status <= 599)
    {
      code = BOTTEGA_PROVIDER_ERROR_SERVER;
      /* Translators: %u is an HTTP status code such as 503 */
      message = g_strdup_printf (_("The server ran into a problem (HTTP %u); try again later"),
                                 status);
    }
  else if (status >= 400 && status <= 499)
    {
      code = BOTTEGA_PROVIDER_ERROR_INVALID;
      /* Translators: %s is the server's reason, in the server's language */
      message = text ? g_strdup_printf (_("The server refused the request: %s"), text)
                     /* Translators: %u is an HTTP status code such as 400 */
                     : g_strdup_printf (_("The server refused the request (HTTP %u)"), status);
    }
  else
    {
      /* Redirects are not followed for API calls, so that the token never
       * travels to another host; nor is anything else expected. */
      code = BOTTEGA_PROVIDER_ERROR_MALFORMED;
      /* Translators: %u is an HTTP status code such as 302 */
      message = g_strdup_printf (_("Chatwoot answered with an unexpected page: HTTP %u"), status);
    }

  g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, code, message);
}

/* @request_sent: the whole request went out, so the server may have acted
 * on it; a broken connection then leaves the outcome unknown. */
static void
set_transport_error (GError      *cause,
                     gboolean     request_sent,
                     GError     **error)
{
  /* Cancelled, or a redirect Bottega refused to follow. */
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED) || cause->domain == BOTTEGA_PROVIDER_ERROR)
    {
      g_propagate_error (error, g_error_copy (cause));
      return;
    }

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TIMEOUT,
                           _("The server did not answer in time"));
      return;
    }

  if (cause->domain == G_TLS_ERROR)
    {
      g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NETWORK,
                   /* Translators: %s is the reason, from the TLS library */
                   _("The secure connection to the server failed: %s"), cause->message);
      return;
    }

  if (cause->domain == SOUP_SESSION_ERROR &&
      (cause->code == SOUP_SESSION_ERROR_PARSING || cause->code == SOUP_SESSION_ERROR_ENCODING))
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED,
                           _("Chatwoot answered with an unexpected page: not valid HTTP"));
      return;
    }

  if (request_sent && cause->domain == G_IO_ERROR)
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TIMEOUT,
                           _("The connection broke before the server answered"));
      return;
    }

  if (cause->domain == G_RESOLVER_ERROR)
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NETWORK,
                           _("The server’s name could not be found. Check the address and the internet connection."));
      return;
    }

  g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NETWORK,
               /* Translators: %s is the reason, from the network library */
               _("Could not reach the server: %s"), cause->message);
}

/* ---- sending ---- */

static void
on_wrote_body (SoupMessage *msg,
               gpointer     user_data)
{
  gboolean *request_sent = user_data;

  *request_sent = TRUE;
}

/* Reads at most @max_size bytes; *too_large tells a refused body from an
 * I/O error. */
static GBytes *
read_bounded (SoupMessage   *msg,
              GInputStream  *stream,
              gsize          max_size,
              gboolean      *too_large,
              GCancellable  *cancellable,
              GError       **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  g_autoptr(GByteArray) buffer = NULL;
  g_autofree guint8 *chunk = NULL;

  *too_large = FALSE;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) max_size)
    {
      *too_large = TRUE;
      return NULL;
    }

  buffer = g_byte_array_new ();
  chunk = g_malloc (READ_CHUNK);

  for (;;)
    {
      gssize n = g_input_stream_read (stream, chunk, READ_CHUNK, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if ((gsize) n > max_size - buffer->len)
        {
          *too_large = TRUE;
          return NULL;
        }
      g_byte_array_append (buffer, chunk, (guint) n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* Downloads follow redirects (the files often live in storage on another
 * host), but every hop is checked as the first address was — https://, or
 * http:// to this computer only — and there are at most MAX_REDIRECTS.
 * *@msg becomes the message of the last hop. */
static GInputStream *
send_following_redirects (SoupSession   *session,
                          SoupMessage  **msg,
                          const char    *log_path,
                          GCancellable  *cancellable,
                          GError       **error)
{
  for (guint hops = 0;; hops++)
    {
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GUri) next = NULL;
      g_autofree char *next_url = NULL;
      const char *location;
      guint status;

      soup_message_add_flags (*msg, SOUP_MESSAGE_NO_REDIRECT);
      stream = soup_session_send (session, *msg, cancellable, error);
      if (stream == NULL)
        return NULL;

      status = soup_message_get_status (*msg);
      location = soup_message_headers_get_one (soup_message_get_response_headers (*msg), "Location");
      if (!SOUP_STATUS_IS_REDIRECTION (status) || status == SOUP_STATUS_NOT_MODIFIED || location == NULL)
        return g_steal_pointer (&stream);

      g_input_stream_close (stream, NULL, NULL);
      g_debug ("GET %s -> %u, redirected", log_path, status);
      if (hops == MAX_REDIRECTS)
        {
          g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_FAILED,
                               _("The download was redirected too many times"));
          return NULL;
        }

      next = g_uri_parse_relative (soup_message_get_uri (*msg), location, SOUP_HTTP_URI_FLAGS, NULL);
      if (next == NULL)
        {
          g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL,
                               _("This is not a web address Bottega can download from"));
          return NULL;
        }
      next_url = g_uri_to_string (next);
      if (!check_url (next_url, FALSE, error))
        return NULL;

      g_object_unref (*msg);
      *msg = soup_message_new_from_uri ("GET", next);
    }
}

typedef enum {
  SEND_API      = 1 << 0,  /* the token, Accept: application/json, no redirects */
} SendFlags;

/* Sends @msg and returns the body of a 2xx answer, or NULL with a
 * BOTTEGA_PROVIDER_ERROR (or G_IO_ERROR_CANCELLED). @log_path is the path
 * without a query, safe to log. */
static GBytes *
send_message (BottegaChatwootClient  *self,
              SoupMessage            *msg,
              const char             *log_path,
              SendFlags               flags,
              gsize                   max_size,
              GCancellable           *cancellable,
              GError                **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *token = NULL;
  SoupMessageHeaders *request_headers = soup_message_get_request_headers (msg);
  const char *method = soup_message_get_method (msg);
  g_autoptr(SoupMessage) current = NULL;
  gboolean request_sent = FALSE;
  gboolean too_large = FALSE;
  gulong handler;
  guint status;

  g_mutex_lock (&self->lock);
  session = g_object_ref (self->session);
  token = g_strdup (self->token);
  g_mutex_unlock (&self->lock);

  if (flags & SEND_API)
    {
      if (!token_is_sendable (token))
        {
          g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED,
                               _("The access token is missing or cannot be sent. Sign in again."));
          return NULL;
        }

      soup_message_headers_replace (request_headers, "api_access_token", token);
      soup_message_headers_replace (request_headers, "Accept", "application/json");
      soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
    }

  if (flags & SEND_API)
    {
      handler = g_signal_connect (msg, "wrote-body", G_CALLBACK (on_wrote_body), &request_sent);
      stream = soup_session_send (session, msg, cancellable, &local_error);
      g_signal_handler_disconnect (msg, handler);
    }
  else
    {
      /* A download: a GET, safe to repeat, so request_sent stays FALSE. */
      current = g_object_ref (msg);
      stream = send_following_redirects (session, &current, log_path, cancellable, &local_error);
      msg = current;
    }

  if (stream == NULL)
    {
      g_debug ("%s %s: no answer (%s %d%s)", method, log_path,
               g_quark_to_string (local_error->domain), local_error->code,
               request_sent ? ", after the request was sent" : "");
      set_transport_error (local_error, request_sent, error);
      return NULL;
    }

  status = soup_message_get_status (msg);
  g_debug ("%s %s -> %u", method, log_path, status);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      gboolean ignored;

      /* 429 is text/plain "Retry later"; nothing in it to show. */
      if (status != 429)
        body = read_bounded (msg, stream, MAX_ERROR_BODY, &ignored, cancellable, NULL);
      g_input_stream_close (stream, NULL, NULL);
      set_status_error (status, body, token, error);
      return NULL;
    }

  body = read_bounded (msg, stream, max_size, &too_large, cancellable, &local_error);
  g_input_stream_close (stream, NULL, NULL);

  if (too_large)
    {
      g_autofree char *limit = g_format_size (max_size);

      /* Translators: %s is a size such as "32.0 MB" */
      g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE,
                   _("The server’s answer is larger than the %s Bottega accepts"), limit);
      return NULL;
    }

  if (body == NULL)
    {
      /* The request was answered, so the server has acted on it. */
      set_transport_error (local_error, TRUE, error);
      return NULL;
    }

  return g_steal_pointer (&body);
}

static SoupMessage *
new_message (BottegaChatwootClient  *self,
             const char             *method,
             const char             *path,
             const char             *query,
             GError                **error)
{
  g_autofree char *uri = NULL;
  SoupMessage *msg;

  uri = g_strconcat (self->base_url, path, query && *query ? "?" : NULL, query, NULL);
  msg = soup_message_new (method, uri);
  if (msg == NULL)
    g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_FAILED,
                         _("Could not build a request for this server address"));

  return msg;
}

static char *account_path (BottegaChatwootClient *self, GError **error, const char *format, ...) G_GNUC_PRINTF (3, 4);

/* "/api/v1/accounts/{remote_account_id}" followed by @format. */
static char *
account_path (BottegaChatwootClient  *self,
              GError                **error,
              const char             *format,
              ...)
{
  g_autofree char *rest = NULL;
  gint64 remote_account_id;
  va_list args;

  remote_account_id = bottega_chatwoot_client_get_remote_account_id (self);
  if (remote_account_id <= 0)
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_FAILED,
                           _("The Chatwoot account is not known yet. Connect the account first."));
      return NULL;
    }

  va_start (args, format);
  rest = g_strdup_vprintf (format, args);
  va_end (args);

  return g_strdup_printf ("/api/v1/accounts/%" G_GINT64_FORMAT "%s", remote_account_id, rest);
}

/* Sends an API request and parses the JSON answer. */
static JsonNode *
api_call (BottegaChatwootClient  *self,
          const char             *method,
          const char             *path,
          const char             *query,
          GBytes                 *json_body,
          GCancellable           *cancellable,
          GError                **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *content_type;

  if (!(msg = new_message (self, method, path, query, error)))
    return NULL;

  if (json_body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", json_body);

  body = send_message (self, msg, path, SEND_API, BOTTEGA_CHATWOOT_MAX_JSON_SIZE,
                       cancellable, error);
  if (body == NULL)
    return NULL;

  /* A proxy, a login page or the wrong URL answers with HTML. */
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  if (content_type != NULL && g_ascii_strcasecmp (content_type, "text/html") == 0)
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED,
                           _("Chatwoot answered with an unexpected page: a web page instead of data (is the address right?)"));
      return NULL;
    }

  return bottega_chatwoot_parse_json (body, error);
}

static GBytes *
json_body_from_builder (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize len = 0;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
}

/* ---- endpoints ---- */

BottegaChatwootProfile *
bottega_chatwoot_client_get_profile (BottegaChatwootClient  *self,
                                     GCancellable           *cancellable,
                                     GError                **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(root = api_call (self, "GET", "/api/v1/profile", NULL, NULL, cancellable, error)))
    return NULL;

  return bottega_chatwoot_parse_profile (root, error);
}

typedef GPtrArray *(*ListParser) (JsonNode *root, GError **error);

static GPtrArray *
get_list (BottegaChatwootClient  *self,
          const char             *what,
          ListParser              parser,
          GCancellable           *cancellable,
          GError                **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;

  if (!(path = account_path (self, error, "/%s", what)))
    return NULL;

  if (!(root = api_call (self, "GET", path, NULL, NULL, cancellable, error)))
    return NULL;

  return parser (root, error);
}

GPtrArray *
bottega_chatwoot_client_list_inboxes (BottegaChatwootClient  *self,
                                      GCancellable           *cancellable,
                                      GError                **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(path = account_path (self, error, "/inboxes")))
    return NULL;

  if (!(root = api_call (self, "GET", path, NULL, NULL, cancellable, error)))
    return NULL;

  return bottega_chatwoot_parse_inboxes (root, self->account_id, error);
}

GPtrArray *
bottega_chatwoot_client_list_labels (BottegaChatwootClient  *self,
                                     GCancellable           *cancellable,
                                     GError                **error)
{
  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return get_list (self, "labels", bottega_chatwoot_parse_labels, cancellable, error);
}

GPtrArray *
bottega_chatwoot_client_list_agents (BottegaChatwootClient  *self,
                                     GCancellable           *cancellable,
                                     GError                **error)
{
  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return get_list (self, "agents", bottega_chatwoot_parse_agents, cancellable, error);
}

GPtrArray *
bottega_chatwoot_client_list_canned_responses (BottegaChatwootClient  *self,
                                               GCancellable           *cancellable,
                                               GError                **error)
{
  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return get_list (self, "canned_responses", bottega_chatwoot_parse_canned_responses,
                   cancellable, error);
}

static void
append_query (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append_printf (query, "%s=%s", name, escaped);
}

static void
append_query_int (GString    *query,
                  const char *name,
                  gint64      value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  append_query (query, name, buf);
}

BottegaChatwootConversationPage *
bottega_chatwoot_client_list_conversations (BottegaChatwootClient                  *self,
                                            const BottegaChatwootConversationQuery *query,
                                            GCancellable                           *cancellable,
                                            GError                                **error)
{
  g_autoptr(GString) params = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (query != NULL)
    {
      if (query->status != NULL)
        append_query (params, "status", query->status);
      if (query->assignee_type != NULL)
        append_query (params, "assignee_type", query->assignee_type);
      if (query->page > 0)
        append_query_int (params, "page", query->page);
      if (query->updated_within >= 0)
        append_query_int (params, "updated_within", query->updated_within);
    }

  if (!(path = account_path (self, error, "/conversations")))
    return NULL;

  if (!(root = api_call (self, "GET", path, params->str, NULL, cancellable, error)))
    return NULL;

  return bottega_chatwoot_parse_conversation_page (root, self->account_id, error);
}

BottegaConversation *
bottega_chatwoot_client_get_conversation (BottegaChatwootClient  *self,
                                          gint64                  display_id,
                                          GCancellable           *cancellable,
                                          GError                **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (display_id > 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(path = account_path (self, error, "/conversations/%" G_GINT64_FORMAT, display_id)))
    return NULL;

  if (!(root = api_call (self, "GET", path, NULL, NULL, cancellable, error)))
    return NULL;

  return bottega_chatwoot_parse_conversation (root, self->account_id, error);
}

char *
bottega_chatwoot_client_toggle_status (BottegaChatwootClient  *self,
                                       gint64                  display_id,
                                       const char             *status,
                                       gint64                  snoozed_until,
                                       GCancellable           *cancellable,
                                       GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (display_id > 0, NULL);
  g_return_val_if_fail (status != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  if (snoozed_until > 0)
    {
      json_builder_set_member_name (builder, "snoozed_until");
      json_builder_add_int_value (builder, snoozed_until);
    }
  json_builder_end_object (builder);
  body = json_body_from_builder (builder);

  if (!(path = account_path (self, error, "/conversations/%" G_GINT64_FORMAT "/toggle_status", display_id)))
    return NULL;

  if (!(root = api_call (self, "POST", path, NULL, body, cancellable, error)))
    return NULL;

  return bottega_chatwoot_parse_toggle_status (root, error);
}

BottegaConversation *
bottega_chatwoot_client_update_last_seen (BottegaChatwootClient  *self,
                                          gint64                  display_id,
                                          GCancellable           *cancellable,
                                          GError                **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (display_id > 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(path = account_path (self, error, "/conversations/%" G_GINT64_FORMAT "/update_last_seen", display_id)))
    return NULL;

  if (!(root = api_call (self, "POST", path, NULL, NULL, cancellable, error)))
    return NULL;

  return bottega_chatwoot_parse_conversation (root, self->account_id, error);
}

BottegaConversation *
bottega_chatwoot_client_mark_unread (BottegaChatwootClient  *self,
                                     gint64                  display_id,
                                     GCancellable           *cancellable,
                                     GError                **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (display_id > 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(path = account_path (self, error, "/conversations/%" G_GINT64_FORMAT "/unread", display_id)))
    return NULL;

  if (!(root = api_call (self, "POST", path, NULL, NULL, cancellable, error)))
    return NULL;

  return bottega_chatwoot_parse_conversation (root, self->account_id, error);
}

/* Sends an API request whose answer carries nothing we need (Chatwoot
 * answers some actions with an empty 200). */
static gboolean
api_call_no_answer (BottegaChatwootClient  *self,
                    const char             *method,
                    const char             *path,
                    GBytes                 *json_body,
                    GCancellable           *cancellable,
                    GError                **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  if (!(msg = new_message (self, method, path, NULL, error)))
    return FALSE;

  if (json_body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", json_body);

  body = send_message (self, msg, path, SEND_API, BOTTEGA_CHATWOOT_MAX_JSON_SIZE,
                       cancellable, error);
  return body != NULL;
}

gboolean
bottega_chatwoot_client_toggle_priority (BottegaChatwootClient  *self,
                                         gint64                  display_id,
                                         const char             *priority,
                                         GCancellable           *cancellable,
                                         GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), FALSE);
  g_return_val_if_fail (display_id > 0, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "priority");
  if (priority != NULL && *priority != '\0')
    json_builder_add_string_value (builder, priority);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  body = json_body_from_builder (builder);

  if (!(path = account_path (self, error, "/conversations/%" G_GINT64_FORMAT "/toggle_priority", display_id)))
    return FALSE;

  return api_call_no_answer (self, "POST", path, body, cancellable, error);
}

gboolean
bottega_chatwoot_client_assign (BottegaChatwootClient  *self,
                                gint64                  display_id,
                                gint64                  assignee_id,
                                GCancellable           *cancellable,
                                GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), FALSE);
  g_return_val_if_fail (display_id > 0, FALSE);
  g_return_val_if_fail (assignee_id >= 0, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "assignee_id");
  if (assignee_id > 0)
    json_builder_add_int_value (builder, assignee_id);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  body = json_body_from_builder (builder);

  if (!(path = account_path (self, error, "/conversations/%" G_GINT64_FORMAT "/assignments", display_id)))
    return FALSE;

  /* The answer is the agent (or null): the caller reads the conversation. */
  return api_call_no_answer (self, "POST", path, body, cancellable, error);
}

GStrv
bottega_chatwoot_client_set_labels (BottegaChatwootClient  *self,
                                    gint64                  display_id,
                                    const char * const     *labels,
                                    GCancellable           *cancellable,
                                    GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GStrvBuilder) result = g_strv_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  JsonObject *obj;
  JsonNode *payload;
  JsonArray *array;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (display_id > 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    json_builder_add_string_value (builder, labels[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_body_from_builder (builder);

  if (!(path = account_path (self, error, "/conversations/%" G_GINT64_FORMAT "/labels", display_id)))
    return NULL;

  if (!(root = api_call (self, "POST", path, NULL, body, cancellable, error)))
    return NULL;

  /* {"payload":["a","b"]}: the labels the conversation now has. */
  obj = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  payload = obj != NULL ? json_object_get_member (obj, "payload") : NULL;
  if (payload == NULL || !JSON_NODE_HOLDS_ARRAY (payload))
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED,
                           _("Chatwoot’s answer to changing labels has no list of labels"));
      return NULL;
    }

  array = json_node_get_array (payload);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED,
                               _("Chatwoot’s answer to changing labels has a label that is not text"));
          return NULL;
        }
      g_strv_builder_add (result, json_node_get_string (element));
    }

  return g_strv_builder_end (result);
}

GPtrArray *
bottega_chatwoot_client_list_messages (BottegaChatwootClient  *self,
                                       gint64                  display_id,
                                       gint64                  before,
                                       gint64                  after,
                                       GCancellable           *cancellable,
                                       GError                **error)
{
  g_autoptr(GString) params = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (display_id > 0, NULL);
  g_return_val_if_fail (before >= 0 && after >= 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (before > 0)
    append_query_int (params, "before", before);
  if (after > 0)
    append_query_int (params, "after", after);

  if (!(path = account_path (self, error, "/conversations/%" G_GINT64_FORMAT "/messages", display_id)))
    return NULL;

  if (!(root = api_call (self, "GET", path, params->str, NULL, cancellable, error)))
    return NULL;

  return bottega_chatwoot_parse_messages (root, self->account_id, error);
}

/* @text must be a JSON object; it is the caller's, but checked all the same. */
static JsonNode *
parse_template_params (const char  *text,
                       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(JsonNode) node = NULL;

  node = bottega_chatwoot_parse_json (bytes, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INVALID,
                           /* Translators: the parameters of a WhatsApp message template */
                           _("The template parameters are not valid"));
      return NULL;
    }

  return g_steal_pointer (&node);
}

static GBytes *
message_json_body (const BottegaChatwootOutgoing  *outgoing,
                   GError                        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) template_params = NULL;

  if (outgoing->template_params != NULL &&
      !(template_params = parse_template_params (outgoing->template_params, error)))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, outgoing->content ? outgoing->content : "");
  json_builder_set_member_name (builder, "private");
  json_builder_add_boolean_value (builder, outgoing->is_private);
  json_builder_set_member_name (builder, "message_type");
  json_builder_add_string_value (builder, "outgoing");

  if (outgoing->echo_id != NULL)
    {
      json_builder_set_member_name (builder, "echo_id");
      json_builder_add_string_value (builder, outgoing->echo_id);
    }

  if (outgoing->in_reply_to > 0)
    {
      json_builder_set_member_name (builder, "content_attributes");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "in_reply_to");
      json_builder_add_int_value (builder, outgoing->in_reply_to);
      json_builder_end_object (builder);
    }

  if (template_params != NULL)
    {
      json_builder_set_member_name (builder, "template_params");
      json_builder_add_value (builder, g_steal_pointer (&template_params));
    }

  json_builder_end_object (builder);

  return json_body_from_builder (builder);
}

static gboolean
append_attachment (SoupMultipart  *multipart,
                   const char     *path,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = g_filename_display_basename (path);
  g_autofree char *guessed = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info != NULL && g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      /* Translators: %s is a file name */
      g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_FAILED,
                   _("“%s” is a folder or a special file; only ordinary files can be attached"),
                   display_name);
      return FALSE;
    }

  if (local_error == NULL && g_file_info_get_size (info) > MAX_UPLOAD_SIZE)
    {
      /* Translators: %s is a file name, %d a number of megabytes */
      g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE,
                   _("“%s” is larger than the %d MB Bottega sends"), display_name,
                   MAX_UPLOAD_SIZE / (1024 * 1024));
      return FALSE;
    }

  if (local_error == NULL)
    g_file_load_contents (file, cancellable, &data, &len, NULL, &local_error);

  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_FAILED,
                     /* Translators: the first %s is a file name, the second the reason */
                     _("Could not read the attachment “%s”: %s"), display_name, local_error->message);
      return FALSE;
    }

  if (len > MAX_UPLOAD_SIZE)
    {
      /* Translators: %s is a file name, %d a number of megabytes */
      g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE,
                   _("“%s” is larger than the %d MB Bottega sends"), display_name,
                   MAX_UPLOAD_SIZE / (1024 * 1024));
      return FALSE;
    }

  guessed = g_content_type_guess (path, (const guchar *) data, len, NULL);
  mime = guessed ? g_content_type_get_mime_type (guessed) : NULL;

  bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  soup_multipart_append_form_file (multipart, "attachments[]", display_name,
                                   mime ? mime : "application/octet-stream", bytes);

  return TRUE;
}

static SoupMessage *
message_multipart (BottegaChatwootClient          *self,
                   const char                     *path,
                   const BottegaChatwootOutgoing  *outgoing,
                   GCancellable                   *cancellable,
                   GError                        **error)
{
  g_autofree char *uri = NULL;
  SoupMultipart *multipart;
  SoupMessage *msg;
  guint n_files = g_strv_length ((char **) outgoing->attachment_paths);

  if (n_files > MAX_ATTACHMENTS)
    {
      g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INVALID,
                   ngettext ("At most %d file can be sent in one message",
                             "At most %d files can be sent in one message",
                             MAX_ATTACHMENTS),
                   MAX_ATTACHMENTS);
      return NULL;
    }

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_string (multipart, "content", outgoing->content ? outgoing->content : "");
  soup_multipart_append_form_string (multipart, "private", outgoing->is_private ? "true" : "false");
  if (outgoing->echo_id != NULL)
    soup_multipart_append_form_string (multipart, "echo_id", outgoing->echo_id);

  /* Form fields are strings: structured values travel as JSON text. */
  if (outgoing->in_reply_to > 0)
    {
      g_autofree char *attributes = g_strdup_printf ("{\"in_reply_to\":%" G_GINT64_FORMAT "}",
                                                     outgoing->in_reply_to);
      soup_multipart_append_form_string (multipart, "content_attributes", attributes);
    }

  if (outgoing->template_params != NULL)
    {
      g_autoptr(JsonNode) params = parse_template_params (outgoing->template_params, error);
      g_autofree char *text = NULL;

      if (params == NULL)
        {
          soup_multipart_free (multipart);
          return NULL;
        }
      text = json_to_string (params, FALSE);
      soup_multipart_append_form_string (multipart, "template_params", text);
    }

  for (guint i = 0; i < n_files; i++)
    {
      if (!append_attachment (multipart, outgoing->attachment_paths[i], cancellable, error))
        {
          soup_multipart_free (multipart);
          return NULL;
        }
    }

  uri = g_strconcat (self->base_url, path, NULL);
  msg = soup_message_new_from_multipart (uri, multipart);
  soup_multipart_free (multipart);

  if (msg == NULL)
    g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_FAILED,
                         _("Could not build a request for this server address"));

  return msg;
}

BottegaMessage *
bottega_chatwoot_client_create_message (BottegaChatwootClient          *self,
                                        gint64                          display_id,
                                        const BottegaChatwootOutgoing  *outgoing,
                                        GCancellable                   *cancellable,
                                        GError                        **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (display_id > 0, NULL);
  g_return_val_if_fail (outgoing != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(path = account_path (self, error, "/conversations/%" G_GINT64_FORMAT "/messages", display_id)))
    return NULL;

  if (outgoing->attachment_paths != NULL && outgoing->attachment_paths[0] != NULL)
    {
      g_autoptr(GBytes) answer = NULL;

      if (!(msg = message_multipart (self, path, outgoing, cancellable, error)))
        return NULL;

      answer = send_message (self, msg, path, SEND_API, BOTTEGA_CHATWOOT_MAX_JSON_SIZE,
                             cancellable, error);
      if (answer == NULL)
        return NULL;

      root = bottega_chatwoot_parse_json (answer, error);
    }
  else
    {
      if (!(body = message_json_body (outgoing, error)))
        return NULL;

      root = api_call (self, "POST", path, NULL, body, cancellable, error);
    }

  if (root == NULL)
    return NULL;

  return bottega_chatwoot_parse_message (root, self->account_id, error);
}

BottegaMessage *
bottega_chatwoot_client_retry_message (BottegaChatwootClient  *self,
                                       gint64                  display_id,
                                       gint64                  message_id,
                                       GCancellable           *cancellable,
                                       GError                **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (display_id > 0, NULL);
  g_return_val_if_fail (message_id > 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(path = account_path (self, error, "/conversations/%" G_GINT64_FORMAT "/messages/%" G_GINT64_FORMAT "/retry",
                             display_id, message_id)))
    return NULL;

  if (!(root = api_call (self, "POST", path, NULL, NULL, cancellable, error)))
    return NULL;

  return bottega_chatwoot_parse_message (root, self->account_id, error);
}

GBytes *
bottega_chatwoot_client_download (BottegaChatwootClient  *self,
                                  const char             *url,
                                  gsize                   max_size,
                                  GCancellable           *cancellable,
                                  GError                **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *log_path = NULL;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_url (url, FALSE, error))
    return NULL;

  /* The signed part of the URL is a credential of sorts: log the host only. */
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  log_path = g_strdup_printf ("%s/...", g_uri_get_host (uri));

  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL,
                           _("This is not a web address Bottega can download from"));
      return NULL;
    }

  /* No token: the data_url is signed, and redirects may lead to storage
   * on another host. */
  return send_message (self, msg, log_path, 0, max_size, cancellable, error);
}

/* ---- async forms ---- */

static void
get_profile_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  BottegaChatwootClient *self = source_object;
  BottegaChatwootProfile *profile;
  GError *error = NULL;

  profile = bottega_chatwoot_client_get_profile (self, cancellable, &error);
  if (profile == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, profile, (GDestroyNotify) bottega_chatwoot_profile_free);
}

void
bottega_chatwoot_client_get_profile_async (BottegaChatwootClient *self,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_chatwoot_client_get_profile_async);
  g_task_run_in_thread (task, get_profile_thread);
}

BottegaChatwootProfile *
bottega_chatwoot_client_get_profile_finish (BottegaChatwootClient  *self,
                                            GAsyncResult           *result,
                                            GError                **error)
{
  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bottega_chatwoot_client_get_profile_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char  *url;
  gsize  max_size;
} DownloadData;

static void
download_data_free (DownloadData *data)
{
  g_free (data->url);
  g_free (data);
}

static void
download_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  BottegaChatwootClient *self = source_object;
  DownloadData *data = task_data;
  GError *error = NULL;
  GBytes *bytes;

  bytes = bottega_chatwoot_client_download (self, data->url, data->max_size, cancellable, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

void
bottega_chatwoot_client_download_async (BottegaChatwootClient *self,
                                        const char            *url,
                                        gsize                  max_size,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  DownloadData *data;

  g_return_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (DownloadData, 1);
  data->url = g_strdup (url);
  data->max_size = max_size;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_chatwoot_client_download_async);
  g_task_set_task_data (task, data, (GDestroyNotify) download_data_free);
  g_task_run_in_thread (task, download_thread);
}

GBytes *
bottega_chatwoot_client_download_finish (BottegaChatwootClient  *self,
                                         GAsyncResult           *result,
                                         GError                **error)
{
  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bottega_chatwoot_client_download_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- streamed download ---- */

gboolean
bottega_chatwoot_client_download_to_stream (BottegaChatwootClient        *self,
                                            const char                   *url,
                                            gsize                         max_size,
                                            GOutputStream                *output,
                                            BottegaChatwootProgressFunc   progress,
                                            gpointer                      progress_data,
                                            GCancellable                 *cancellable,
                                            GError                      **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *log_path = NULL;
  g_autofree guint8 *chunk = NULL;
  SoupMessageHeaders *headers;
  goffset total = -1;
  goffset received = 0;
  guint status;

  g_return_val_if_fail (BOTTEGA_IS_CHATWOOT_CLIENT (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_url (url, FALSE, error))
    return FALSE;

  /* The signed part of the URL is a credential of sorts: log the host only. */
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  log_path = g_strdup_printf ("%s/...", uri != NULL ? g_uri_get_host (uri) : "?");

  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL,
                           _("This is not a web address Bottega can download from"));
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  session = g_object_ref (self->session);
  g_mutex_unlock (&self->lock);

  /* No token: the data_url is signed, and redirects may lead to storage
   * on another host. */
  stream = send_following_redirects (session, &msg, log_path, cancellable, &local_error);
  if (stream == NULL)
    {
      g_debug ("GET %s: no answer (%s %d)", log_path,
               g_quark_to_string (local_error->domain), local_error->code);
      set_transport_error (local_error, FALSE, error);
      return FALSE;
    }

  status = soup_message_get_status (msg);
  g_debug ("GET %s -> %u (streamed)", log_path, status);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autoptr(GBytes) body = NULL;
      gboolean ignored;

      if (status != 429)
        body = read_bounded (msg, stream, MAX_ERROR_BODY, &ignored, cancellable, NULL);
      g_input_stream_close (stream, NULL, NULL);
      set_status_error (status, body, NULL, error);
      return FALSE;
    }

  headers = soup_message_get_response_headers (msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    total = soup_message_headers_get_content_length (headers);

  if (total > (goffset) max_size)
    {
      g_autofree char *limit = g_format_size (max_size);

      g_input_stream_close (stream, NULL, NULL);
      /* Translators: %s is a size such as "32.0 MB" */
      g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE,
                   _("The server’s answer is larger than the %s Bottega accepts"), limit);
      return FALSE;
    }

  if (progress != NULL)
    progress (0, total, progress_data);

  chunk = g_malloc (READ_CHUNK);
  for (;;)
    {
      gssize n = g_input_stream_read (stream, chunk, READ_CHUNK, cancellable, &local_error);

      if (n < 0)
        {
          g_input_stream_close (stream, NULL, NULL);
          set_transport_error (local_error, TRUE, error);
          return FALSE;
        }
      if (n == 0)
        break;

      if ((gsize) n > max_size - (gsize) received)
        {
          g_autofree char *limit = g_format_size (max_size);

          g_input_stream_close (stream, NULL, NULL);
          g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE,
                       _("The server’s answer is larger than the %s Bottega accepts"), limit);
          return FALSE;
        }

      if (!g_output_stream_write_all (output, chunk, (gsize) n, NULL, cancellable, error))
        {
          g_input_stream_close (stream, NULL, NULL);
          return FALSE;
        }

      received += n;
      if (progress != NULL)
        progress (received, total, progress_data);
    }

  g_input_stream_close (stream, NULL, NULL);
  return TRUE;
}
