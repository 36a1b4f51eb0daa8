/* test-cli.c: bottegactl against the sandbox, as a shop's script would use it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "bottega-sandbox.h"
#include "bottega-test-helpers.h"

typedef struct {
  char           *home;
  char           *data_dir;
  BottegaSandbox *sandbox;
  char           *state_path;
  guint           port;
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

static const char *
bottegactl (void)
{
  const char *path = g_getenv ("BOTTEGACTL");

  g_assert_nonnull (path);
  return path;
}

/* Runs bottegactl with --data-dir and @args; @input goes to its stdin. */
static Result
run (Fixture     *f,
     const char  *input,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0, };
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) bottegactl ());
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, f->data_dir);
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = test_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &r.out, &r.err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("bottegactl %s was killed by signal %d; it wrote: %s",
             argv->len > 4 ? (const char *) argv->pdata[3] : "", g_subprocess_get_term_sig (process),
             r.err != NULL ? r.err : "");
  r.status = g_subprocess_get_exit_status (process);
  return r;
}

static void
start_sandbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  f->sandbox = bottega_sandbox_new (f->state_path, &error);
  g_assert_no_error (error);
  bottega_sandbox_start (f->sandbox, f->port, &error);
  g_assert_no_error (error);
  uri = g_uri_parse (bottega_sandbox_get_url (f->sandbox), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  f->port = g_uri_get_port (uri);
}

static void
stop_sandbox (Fixture *f)
{
  bottega_sandbox_stop (f->sandbox);
  g_clear_object (&f->sandbox);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->home = test_home_new ();
  f->data_dir = g_build_filename (f->home, "cli", NULL);
  f->state_path = g_build_filename (f->home, "shop.json", NULL);
  start_sandbox (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->sandbox != NULL)
    stop_sandbox (f);
  g_free (f->data_dir);
  g_free (f->state_path);
  test_home_free (f->home);
}

static void
add_account (Fixture *f)
{
  g_autofree char *token_file = g_build_filename (f->home, "token", NULL);
  Result r;

  g_assert_true (g_file_set_contents (token_file, bottega_sandbox_get_token (f->sandbox), -1, NULL));
  r = run (f, NULL, "account", "add", "--url", bottega_sandbox_get_url (f->sandbox),
           "--token-file", token_file, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Connected account"));
  /* The token never reaches the output. */
  g_assert_null (strstr (r.out, bottega_sandbox_get_token (f->sandbox)));
  g_assert_null (strstr (r.err, bottega_sandbox_get_token (f->sandbox)));
  result_clear (&r);
}

static char *
dump_db (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->data_dir, "bottega.db", NULL);
  g_autofree char *command = g_strdup_printf ("sqlite3 -readonly '%s' "
                                              "'SELECT * FROM conversations ORDER BY id; "
                                              "SELECT * FROM messages ORDER BY id; "
                                              "SELECT * FROM attachments ORDER BY id;'", path);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_command_line_sync (command, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return out;
}

static void
test_account_from_stdin (Fixture       *f,
                         gconstpointer  data)
{
  Result r;

  r = run (f, bottega_sandbox_get_token (f->sandbox), "account", "add",
           "--url", bottega_sandbox_get_url (f->sandbox), NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);

  r = run (f, NULL, "account", "list", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, bottega_sandbox_get_url (f->sandbox)));
  result_clear (&r);

  /* A refused token: a clear one-line error, no account. */
  r = run (f, "not-the-token", "account", "add", "--url", "http://127.0.0.1:1", NULL);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_cmpuint (strlen (r.err), >, 0);
  result_clear (&r);

  /* Plain http:// to the internet is refused before any request. */
  r = run (f, "token", "account", "add", "--url", "http://chat.example.com", NULL);
  g_assert_cmpint (r.status, !=, 0);
  result_clear (&r);
}

static void
test_account_choice (Fixture       *f,
                     gconstpointer  data)
{
  Result r;

  bottega_sandbox_add_account (f->sandbox, "Bottega Due");
  r = run (f, bottega_sandbox_get_token (f->sandbox), "account", "add",
           "--url", bottega_sandbox_get_url (f->sandbox), NULL);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "several accounts"));
  result_clear (&r);

  r = run (f, bottega_sandbox_get_token (f->sandbox), "account", "add",
           "--url", bottega_sandbox_get_url (f->sandbox),
           "--account-id", "1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
}

static void
test_sync_send_search (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  const char *reply = "Ciao! Il maglione rosso arriva giovedì.";
  Result r;

  add_account (f);

  r = run (f, NULL, "sync", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  first = dump_db (f);
  g_assert_cmpuint (strlen (first), >, 0);

  /* A second sync changes nothing. */
  r = run (f, NULL, "sync", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  second = dump_db (f);
  g_assert_cmpstr (first, ==, second);

  /* send: on the server exactly once. */
  r = run (f, NULL, "send", "33", reply, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Sent"));
  result_clear (&r);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, 33, reply), ==, 1);
  r = run (f, NULL, "sync", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, 33, reply), ==, 1);

  /* search: a customer's word, accents ignored. */
  bottega_sandbox_add_incoming_message (f->sandbox, 15, "Perché il pacco è ancora in dogana?");
  r = run (f, NULL, "sync", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  r = run (f, NULL, "search", "perche", "dogana", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "#15\t"));
  g_assert_nonnull (strstr (r.out, "Perché il pacco"));
  result_clear (&r);

  /* Outside WhatsApp's 24-hour window the server fails free text: said,
   * with the provider's reason, and a non-zero status. */
  r = run (f, NULL, "send", "31", "Ci sono novità?", NULL);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "Template not found"));
  result_clear (&r);

  /* An unknown conversation is refused without queueing anything. */
  r = run (f, NULL, "send", "9999", "hello", NULL);
  g_assert_cmpint (r.status, !=, 0);
  result_clear (&r);
}

static void
test_offline_send_queues (Fixture       *f,
                          gconstpointer  data)
{
  const char *reply = "Siamo aperti fino alle 19:30.";
  Result r;

  add_account (f);
  r = run (f, NULL, "sync", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);

  /* The server goes away: send only queues, and says so. */
  stop_sandbox (f);
  r = run (f, NULL, "send", "35", reply, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Queued"));
  result_clear (&r);

  /* sync cannot reach it: non-zero, one line. */
  r = run (f, NULL, "sync", NULL);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_cmpuint (strlen (r.err), >, 0);
  g_assert_cmpint (strchr (r.err, '\n') - r.err, ==, (int) strlen (r.err) - 1);
  result_clear (&r);

  /* Back on the same address with the same shop: delivered once. */
  start_sandbox (f);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, 35, reply), ==, 0);
  r = run (f, NULL, "sync", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, 35, reply), ==, 1);
  r = run (f, NULL, "sync", NULL);
  result_clear (&r);
  g_assert_cmpuint (bottega_sandbox_count_messages (f->sandbox, 35, reply), ==, 1);
}

static void
test_refused_token (Fixture       *f,
                    gconstpointer  data)
{
  Result r;

  add_account (f);
  bottega_sandbox_set_token (f->sandbox, "revoked-and-replaced");
  r = run (f, NULL, "sync", NULL);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "access token"));
  g_assert_cmpint (strchr (r.err, '\n') - r.err, ==, (int) strlen (r.err) - 1);
  result_clear (&r);
}

static void
test_sandbox_command (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *api = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GFile) file = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              bottegactl (), "--data-dir", f->data_dir, "sandbox", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));

  /* It answers like Chatwoot's unauthenticated version endpoint. */
  api = g_strconcat (url, "/api", NULL);
  {
    g_autofree char *command = g_strdup_printf ("python3 -c \"import urllib.request,sys;"
                                                "sys.stdout.write(urllib.request.urlopen('%s').read().decode())\"",
                                                api);
    int status = 0;

    g_spawn_command_line_sync (command, &body, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (body, "\"version\""));
  }

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/account/stdin", test_account_from_stdin);
  ADD ("/cli/account/choice", test_account_choice);
  ADD ("/cli/sync-send-search", test_sync_send_search);
  ADD ("/cli/send/offline", test_offline_send_queues);
  ADD ("/cli/sync/refused-token", test_refused_token);
  ADD ("/cli/sandbox", test_sandbox_command);
#undef ADD

  return g_test_run ();
}
