/* bottega-cli.c: bottegactl, Bottega on the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "bottega-account-setup.h"
#include "bottega-cli.h"
#include "bottega-cli-catalog.h"
#include "bottega-cli-bench.h"
#include "bottega-sandbox.h"
#include "bottega-secret.h"
#include "bottega-store.h"
#include "bottega-sync-engine.h"

#define MAX_TOKEN_BYTES 4096

static char *opt_data_dir;

static const GOptionEntry common_entries[] = {
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_data_dir,
    N_("Where the store lives (default: the user's data folder)"), N_("DIR") },
  { NULL }
};

static void G_GNUC_PRINTF (1, 2)
fail (const char *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line: scripts read the first line of stderr. */
  g_strdelimit (text, "\r\n", ' ');
  fprintf (stderr, "bottegactl: %s\n", text);
}

/* Customer text is printed to a terminal: drop control characters so that
 * nobody can send escape sequences to it, and keep it on one line. */
static char *
printable (const char *text)
{
  GString *out = g_string_new (NULL);

  if (text == NULL)
    return g_string_free (out, FALSE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (out, ' ');
      else if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        continue;
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static GOptionContext *
new_context (const char         *parameter_string,
             const char         *summary,
             const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter_string);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static BottegaStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = bottega_store_default_path (opt_data_dir);
  BottegaStore *store;

  store = bottega_store_open (path, &error);
  if (store == NULL)
    fail (_("Cannot open the store %s: %s"), path, error->message);
  return store;
}

/* --account LOCALID, or the only account. */
static BottegaAccount *
pick_account (BottegaStore *store,
              gint64        account_id)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = bottega_store_list_accounts (store, &error);
  if (accounts == NULL)
    {
      fail (_("Cannot read the accounts: %s"), error->message);
      return NULL;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      BottegaAccount *account = g_ptr_array_index (accounts, i);

      if (account_id == 0 ? accounts->len == 1 : bottega_account_get_id (account) == account_id)
        return g_object_ref (account);
    }

  if (accounts->len == 0)
    fail (_("No account is set up; use “bottegactl account add” first"));
  else if (account_id == 0)
    fail (_("There are several accounts; choose one with --account (see “bottegactl account list”)"));
  else
    fail (_("There is no account %lld"), (long long) account_id);
  return NULL;
}

/* ---- sandbox ---- */

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
drop_websockets_cb (gpointer user_data)
{
  /* As a flaky network would: everyone out, back in after 2 s. */
  bottega_sandbox_drop_websockets (user_data, 2);
  return G_SOURCE_CONTINUE;
}

static int
cmd_sandbox (int    argc,
             char **argv)
{
  int port = 0;
  char *state = NULL;
  gboolean demo = FALSE;
  int latency = 0;
  int fail_status = 0;
  int fail_count = -1;
  int drop_after_commit = 0;
  double drop_rate = 0.0;
  double error_rate = 0.0;
  gint64 seed = -1;
  int rate_limit_seconds = 0;
  int ws_drop_every = 0;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("Port to listen on (default: any free port)"), N_("N") },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state, N_("Keep the shop in this file across restarts"), N_("FILE") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Let customers write now and then"), NULL },
    { "latency", 0, 0, G_OPTION_ARG_INT, &latency, N_("Delay every API response by MS milliseconds"), N_("MS") },
    { "fail-status", 0, 0, G_OPTION_ARG_INT, &fail_status, N_("Answer the first API requests with this HTTP status"), N_("CODE") },
    { "fail-count", 0, 0, G_OPTION_ARG_INT, &fail_count, N_("How many requests --fail-status answers (default: 1)"), N_("N") },
    { "drop-after-commit", 0, 0, G_OPTION_ARG_INT, &drop_after_commit,
      N_("Create the first N messages, then close the connection without answering"), N_("N") },
    { "drop-rate", 0, 0, G_OPTION_ARG_DOUBLE, &drop_rate,
      N_("Share of message creations whose answer is lost after the message is created"), N_("P") },
    { "error-rate", 0, 0, G_OPTION_ARG_DOUBLE, &error_rate,
      N_("Share of message creations answered 500 without creating anything"), N_("P") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed for --drop-rate and --error-rate (default: random)"), N_("N") },
    { "rate-limit-seconds", 0, 0, G_OPTION_ARG_INT, &rate_limit_seconds,
      N_("Answer every API request 429 for the first S seconds"), N_("S") },
    { "ws-drop-every", 0, 0, G_OPTION_ARG_INT, &ws_drop_every,
      N_("Close every websocket each S seconds, refusing reconnections for 2 s"), N_("S") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BottegaSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state_path = NULL;

  context = new_context (NULL, _("Runs the demo Chatwoot server on 127.0.0.1 and prints its URL on the first line."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail ("%s", error->message);
      return 2;
    }
  state_path = state;
  if (port < 0 || port > 65535)
    {
      fail (_("The port must be between 0 and 65535"));
      return 2;
    }
  if (latency < 0 || drop_after_commit < 0 || rate_limit_seconds < 0 || ws_drop_every < 0)
    {
      fail (_("--latency, --drop-after-commit, --rate-limit-seconds and --ws-drop-every cannot be negative"));
      return 2;
    }
  if (fail_status != 0 && (fail_status < 100 || fail_status > 599))
    {
      fail (_("The --fail-status must be an HTTP status between 100 and 599"));
      return 2;
    }
  if (fail_count < -1 || (fail_count > 0 && fail_status == 0))
    {
      fail (_("--fail-count needs --fail-status"));
      return 2;
    }
  if (!(drop_rate >= 0.0 && error_rate >= 0.0 && drop_rate + error_rate <= 1.0))
    {
      fail (_("--drop-rate and --error-rate are shares between 0 and 1, and together at most 1"));
      return 2;
    }
  if (seed < -1 || seed > G_MAXUINT32)
    {
      fail (_("The --seed must be between 0 and %u"), G_MAXUINT32);
      return 2;
    }

  sandbox = bottega_sandbox_new (state_path, &error);
  if (sandbox == NULL || !bottega_sandbox_start (sandbox, port, &error))
    {
      fail (_("Cannot start the sandbox: %s"), error->message);
      return 1;
    }
  bottega_sandbox_set_demo_mode (sandbox, demo);
  if (latency > 0)
    bottega_sandbox_set_latency (sandbox, (guint) latency);
  if (fail_status != 0)
    bottega_sandbox_fail_next (sandbox, (guint) fail_status, fail_count < 0 ? 1 : (guint) fail_count);
  if (drop_after_commit > 0)
    bottega_sandbox_drop_after_commit_next (sandbox, (guint) drop_after_commit);
  if (drop_rate > 0.0 || error_rate > 0.0)
    bottega_sandbox_set_post_faults (sandbox, drop_rate, error_rate,
                                     seed >= 0 ? (guint32) seed : g_random_int ());
  if (rate_limit_seconds > 0)
    bottega_sandbox_rate_limit_for (sandbox, (guint) rate_limit_seconds);

  printf ("%s\n", bottega_sandbox_get_url (sandbox));
  printf ("api_access_token: %s\n", bottega_sandbox_get_token (sandbox));
  printf ("account_id: %" G_GINT64_FORMAT "\n", bottega_sandbox_get_account_id (sandbox));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_loop, loop);
  g_unix_signal_add (SIGTERM, quit_loop, loop);
  if (ws_drop_every > 0)
    g_timeout_add_seconds ((guint) ws_drop_every, drop_websockets_cb, sandbox);
  g_main_loop_run (loop);

  bottega_sandbox_stop (sandbox);
  return 0;
}

/* ---- account ---- */

static char *
read_token (const char  *path,
            GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (path != NULL && g_strcmp0 (path, "-") != 0)
    {
      if (!g_file_get_contents (path, &contents, &length, error))
        return NULL;
    }
  else
    {
      GString *buffer = g_string_new (NULL);
      char chunk[512];
      size_t n;

      if (isatty (STDIN_FILENO))
        fprintf (stderr, "%s", _("Access token: "));
      while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0 && buffer->len < MAX_TOKEN_BYTES)
        g_string_append_len (buffer, chunk, n);
      length = buffer->len;
      contents = g_string_free (buffer, FALSE);
    }

  if (length > MAX_TOKEN_BYTES || !g_utf8_validate (contents, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("That does not look like an access token"));
      return NULL;
    }

  g_strstrip (contents);
  if (contents[0] == '\0' || strpbrk (contents, " \t\r\n") != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("That does not look like an access token"));
      return NULL;
    }

  return g_steal_pointer (&contents);
}

static int
cmd_account_add (int    argc,
                 char **argv)
{
  char *url = NULL;
  char *token_file = NULL;
  gint64 remote_account_id = 0;
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The Chatwoot server, e.g. https://chat.example.com"), N_("URL") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, N_("A file holding the access token (default: standard input)"), N_("FILE") },
    { "account-id", 0, 0, G_OPTION_ARG_INT64, &remote_account_id, N_("The Chatwoot account, when the profile has several"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(BottegaAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url_owned = NULL;
  g_autofree char *token_file_owned = NULL;
  g_autofree char *token = NULL;

  context = new_context (NULL, _("Connects a Chatwoot account. The token is read from a file or standard input, never from the command line, and kept in the keyring."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail ("%s", error->message);
      return 2;
    }
  url_owned = url;
  token_file_owned = token_file;
  if (url == NULL)
    {
      fail (_("--url is required"));
      return 2;
    }

  token = read_token (token_file, &error);
  if (token == NULL)
    {
      fail (_("Cannot read the access token: %s"), error->message);
      return 2;
    }

  if (!(store = open_store ()))
    return 1;

  account = bottega_account_setup (store, url, token, remote_account_id, FALSE, NULL, &error);
  memset (token, 0, strlen (token));
  if (account == NULL)
    {
      fail ("%s", error->message);
      return 1;
    }

  printf (_("Connected account %lld “%s” on %s as %s\n"),
          (long long) bottega_account_get_id (account),
          bottega_account_get_name (account),
          bottega_account_get_url (account),
          bottega_account_get_user_name (account));
  bottega_store_close (store);
  return 0;
}

static int
cmd_account_list (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  context = new_context (NULL, _("Lists the connected accounts."), NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail ("%s", error->message);
      return 2;
    }
  if (!(store = open_store ()))
    return 1;

  accounts = bottega_store_list_accounts (store, &error);
  if (accounts == NULL)
    {
      fail ("%s", error->message);
      return 1;
    }
  for (guint i = 0; i < accounts->len; i++)
    {
      BottegaAccount *account = g_ptr_array_index (accounts, i);
      g_autofree char *name = printable (bottega_account_get_name (account));

      printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\n",
              bottega_account_get_id (account), name,
              bottega_account_get_url (account),
              bottega_account_get_needs_auth (account) ? _("needs signing in") : _("ok"));
    }
  return 0;
}

/* ---- sync and send ---- */

static BottegaSyncEngine *
open_engine (BottegaStore    *store,
             BottegaAccount  *account,
             guint            timeout,
             GError         **error)
{
  g_autoptr(BottegaChatwootClient) client = NULL;

  client = bottega_account_open_client (account, NULL, error);
  if (client == NULL)
    return NULL;
  if (timeout > 0)
    bottega_chatwoot_client_set_timeout (client, timeout);
  return bottega_sync_engine_new (store, account, client);
}

static const char *
reason (const GError *error)
{
  if (g_error_matches (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED))
    return _("the server refused the access token; add the account again with a new token");
  return error->message;
}

static int
cmd_sync (int    argc,
          char **argv)
{
  gint64 only = 0;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_INT64, &only, N_("Only this account (see “bottegactl account list”)"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  context = new_context (NULL, _("Pulls what changed and pushes the outbox once, then exits."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail ("%s", error->message);
      return 2;
    }
  if (!(store = open_store ()))
    return 1;

  accounts = bottega_store_list_accounts (store, &error);
  if (accounts == NULL)
    {
      fail ("%s", error->message);
      return 1;
    }
  if (accounts->len == 0)
    {
      fail (_("No account is set up; use “bottegactl account add” first"));
      return 1;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      BottegaAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(BottegaSyncEngine) engine = NULL;
      g_autoptr(GError) sync_error = NULL;
      BottegaSyncStats stats = { 0, };

      if (only != 0 && bottega_account_get_id (account) != only)
        continue;

      engine = open_engine (store, account, 0, &sync_error);
      if (engine != NULL &&
          bottega_sync_engine_pull (engine, &stats, NULL, &sync_error) &&
          bottega_sync_engine_push (engine, &stats, NULL, &sync_error))
        {
          if (bottega_account_get_needs_auth (account))
            bottega_store_set_account_needs_auth (store, bottega_account_get_id (account), FALSE, NULL);
          /* Translators: a summary after syncing: the server address, then
           * counts; the "label: number" form needs no plural */
          printf (_("%s: conversations updated: %u, messages updated: %u; replies sent: %u, failed: %u, waiting: %u\n"),
                  bottega_account_get_url (account), stats.conversations, stats.messages,
                  stats.sent, stats.failed, stats.queued);
          continue;
        }

      if (g_error_matches (sync_error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED))
        bottega_store_set_account_needs_auth (store, bottega_account_get_id (account), TRUE, NULL);
      fail (_("%s: %s"), bottega_account_get_url (account), reason (sync_error));
      status = 1;
    }

  bottega_store_close (store);
  return status;
}

static int
cmd_send (int    argc,
          char **argv)
{
  gint64 account_id = 0;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_INT64, &account_id, N_("The account, when there are several"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(BottegaAccount) account = NULL;
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(BottegaSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  BottegaStoreReply reply = { 0, };
  BottegaSyncStats stats = { 0, };
  gint64 display_id;
  char *end = NULL;

  context = new_context (_("CONVERSATION TEXT"),
                         _("Queues a reply to a conversation (its number as the provider shows it) and delivers it if the server is reachable."),
                         entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail ("%s", error->message);
      return 2;
    }
  if (argc != 3)
    {
      fail (_("Usage: bottegactl send CONVERSATION TEXT"));
      return 2;
    }

  display_id = g_ascii_strtoll (argv[1][0] == '#' ? argv[1] + 1 : argv[1], &end, 10);
  if (end == NULL || *end != '\0' || display_id <= 0)
    {
      fail (_("“%s” is not a conversation number"), argv[1]);
      return 2;
    }
  if (!g_utf8_validate (argv[2], -1, NULL) || argv[2][strspn (argv[2], " \t\r\n")] == '\0')
    {
      fail (_("The reply is empty or not valid text"));
      return 2;
    }

  if (!(store = open_store ()) || !(account = pick_account (store, account_id)))
    return 1;

  conversation = bottega_store_find_conversation (store, bottega_account_get_id (account), display_id, &error);
  if (conversation == NULL)
    {
      fail (_("Conversation #%lld is not in the local store; run “bottegactl sync” first"),
            (long long) display_id);
      return 1;
    }

  reply.conversation_id = bottega_conversation_get_id (conversation);
  reply.content = argv[2];
  message = bottega_store_queue_reply (store, &reply, &error);
  if (message == NULL)
    {
      fail (_("Could not queue the reply: %s"), error->message);
      return 1;
    }

  /* Queued and durable. Now one short attempt to deliver it. */
  engine = open_engine (store, account, 10, &error);
  if (engine == NULL || !bottega_sync_engine_push (engine, &stats, NULL, &error))
    {
      printf (_("Queued the reply to #%lld; it will be sent when the server can be reached (%s).\n"),
              (long long) display_id, reason (error));
      bottega_store_close (store);
      return 0;
    }

  {
    g_autoptr(BottegaMessage) stored = NULL;
    g_autoptr(GError) read_error = NULL;

    stored = bottega_store_get_message (store, bottega_message_get_id (message), &read_error);
    if (stored == NULL)
      {
        fail (_("Cannot read the reply back: %s"), read_error->message);
        bottega_store_close (store);
        return 1;
      }

    switch (bottega_message_get_status (stored))
      {
      case BOTTEGA_MESSAGE_STATUS_FAILED:
        {
          g_autofree char *why = printable (bottega_message_get_external_error (stored));

          fail (_("The reply to #%lld was not delivered: %s"), (long long) display_id, why);
          bottega_store_close (store);
          return 1;
        }
      case BOTTEGA_MESSAGE_STATUS_QUEUED:
      case BOTTEGA_MESSAGE_STATUS_SENDING:
        printf (_("Queued the reply to #%lld; it will be sent by the next sync.\n"), (long long) display_id);
        break;
      case BOTTEGA_MESSAGE_STATUS_SENT:
      case BOTTEGA_MESSAGE_STATUS_DELIVERED:
      case BOTTEGA_MESSAGE_STATUS_READ:
      default:
        printf (_("Sent the reply to #%lld.\n"), (long long) display_id);
        break;
      }
  }

  bottega_store_close (store);
  return 0;
}

/* ---- search ---- */

static int
cmd_search (int    argc,
            char **argv)
{
  int limit = 50;
  gint64 account_id = 0;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many results (default 50)"), N_("N") },
    { "account", 0, 0, G_OPTION_ARG_INT64, &account_id, N_("Only this account"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;

  context = new_context (_("QUERY"), _("Searches every stored message, accents ignored."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fail ("%s", error->message);
      return 2;
    }
  if (argc < 2)
    {
      fail (_("Usage: bottegactl search QUERY"));
      return 2;
    }
  query = g_strjoinv (" ", argv + 1);
  if (!(store = open_store ()))
    return 1;

  hits = bottega_store_search (store, account_id, query, CLAMP (limit, 1, 10000), &error);
  if (hits == NULL)
    {
      fail (_("Search failed: %s"), error->message);
      return 1;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      BottegaSearchHit *hit = g_ptr_array_index (hits, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (bottega_message_get_created_at (hit->message));
      g_autofree char *time = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("");
      g_autofree char *customer = printable (hit->customer_name);
      g_autofree char *text = printable (bottega_message_get_content (hit->message));

      printf ("#%" G_GINT64_FORMAT "\t%s\t%s\t%s\n",
              bottega_message_get_conversation_remote_id (hit->message),
              customer, time, text);
    }
  if (hits->len == 0)
    fprintf (stderr, "%s\n", _("No messages match."));
  return 0;
}

/* ---- entry ---- */

static void
usage (void)
{
  fprintf (stderr, "%s",
           _("Usage: bottegactl [--data-dir DIR] COMMAND …\n"
             "\n"
             "Commands:\n"
             "  sandbox [--port N] [--state FILE] [--demo]  run the demo Chatwoot server\n"
             "          [--latency MS] [--fail-status CODE [--fail-count N]]\n"
             "          [--drop-after-commit N] [--drop-rate P] [--error-rate P] [--seed N]\n"
             "          [--rate-limit-seconds S] [--ws-drop-every S]  with faults, for tests\n"
             "  account add --url URL [--token-file FILE] [--account-id ID]\n"
             "  account list\n"
             "  sync [--account ID]                         pull changes, push the outbox\n"
             "  send CONVERSATION TEXT                      queue a reply and deliver it\n"
             "  search QUERY                                search stored messages\n"
             "  catalog import FILE [--account ID]          import a product feed (CSV/TSV)\n"
             "  catalog search QUERY [--account ID]         search the product catalog\n"
             "  catalog refresh [--account ID]              update the catalog from its source\n"
             "  bench [--smoke] [--work-dir DIR]            measure Bottega on generated shops\n"
             "\n"
             "Run “bottegactl COMMAND --help” for a command's options.\n"));
}

/* Options that take a value in the next word, so that word is no command. */
static gboolean
takes_value (const char *arg)
{
  static const char * const with_value[] = {
    "--data-dir", "--port", "--state", "--url", "--token-file", "--account-id",
    "--account", "--limit",
    "--latency", "--fail-status", "--fail-count", "--drop-after-commit", "--drop-rate", "--error-rate",
    "--seed", "--rate-limit-seconds", "--ws-drop-every", NULL
  };

  return g_strv_contains (with_value, arg);
}

int
bottega_cli_run (int    argc,
                 char **argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *command = NULL;
  const char *subcommand = NULL;
  int status;

  g_set_prgname ("bottegactl");

  /* The command (and for "account" its sub-command) is the first word that
   * is neither an option nor an option's value; everything else goes to
   * that command's option parser. */
  g_ptr_array_add (args, argv[0]);
  for (int i = 1; i < argc; i++)
    {
      if (argv[i][0] != '-' && command == NULL)
        {
          command = argv[i];
          continue;
        }
      if (argv[i][0] != '-' && subcommand == NULL && g_strcmp0 (command, "account") == 0)
        {
          subcommand = argv[i];
          continue;
        }
      g_ptr_array_add (args, argv[i]);
      if (takes_value (argv[i]) && i + 1 < argc)
        g_ptr_array_add (args, argv[++i]);
    }
  g_ptr_array_add (args, NULL);

  if (command == NULL)
    {
      usage ();
      return 2;
    }

  {
    int n = args->len - 1;
    char **v = (char **) args->pdata;

    if (g_str_equal (command, "sandbox"))
      status = cmd_sandbox (n, v);
    else if (g_str_equal (command, "account") && g_strcmp0 (subcommand, "add") == 0)
      status = cmd_account_add (n, v);
    else if (g_str_equal (command, "account") && g_strcmp0 (subcommand, "list") == 0)
      status = cmd_account_list (n, v);
    else if (g_str_equal (command, "account"))
      {
        fail (_("Usage: bottegactl account add --url URL [--token-file FILE] [--account-id ID] | account list"));
        status = 2;
      }
    else if (g_str_equal (command, "sync"))
      status = cmd_sync (n, v);
    else if (g_str_equal (command, "send"))
      status = cmd_send (n, v);
    else if (g_str_equal (command, "search"))
      status = cmd_search (n, v);
    else if (g_str_equal (command, "catalog"))
      status = bottega_cli_catalog_run (n, v);
    else if (g_str_equal (command, "bench"))
      status = bottega_cli_bench (n, v);
    else
      {
        fail (_("Unknown command “%s”"), command);
        usage ();
        status = 2;
      }
  }

  g_clear_pointer (&opt_data_dir, g_free);
  return status;
}
