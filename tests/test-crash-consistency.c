/* test-crash-consistency.c: `bottegactl sync` and `bottegactl send`
 * killed with SIGKILL at random moments, fifty times, against a sandbox
 * that loses answers after committing and fails with 500s. Afterwards the
 * database passes PRAGMA integrity_check, and every reply is on the server
 * exactly once and in the store once, nothing lost.
 *
 * The moments come from a seeded generator: the seed is printed, and
 * BOTTEGA_CRASH_SEED replays a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <sqlite3.h>

#include "bottega-account-setup.h"
#include "bottega-sandbox.h"
#include "bottega-test-helpers.h"

#define KILLS          50
#define DEFAULT_SEED   20260131
/* Commands first run to their end, timed: kills then land anywhere from
 * the start of a command to a little past the longest one seen. */
#define CALIBRATION_ROUNDS 4

typedef struct {
  char           *home;
  char           *data_dir;
  char           *db_path;
  BottegaSandbox *sandbox;
} Fixture;

typedef struct {
  char    *text;
  gint64   display_id;
  gboolean finished;   /* the command ended by itself, successfully */
} Send;

static void
send_free (Send *send)
{
  g_free (send->text);
  g_free (send);
}

/* ---- the database, from outside ---- */

/* A sender killed mid-attempt leaves its reply claimed for the lease
 * (BOTTEGA_STORE_SENDING_LEASE); time passes, the claim expires. Only
 * when no child runs. */
static void
expire_claims (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db,
                                 "UPDATE outbox SET last_attempt_at = last_attempt_at - 1000 "
                                 "WHERE state = 'sending'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* (content, count) of our replies in the store's messages. */
static GHashTable *
stored_replies (const char *path)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT content, count(*) FROM messages "
                                           "WHERE content LIKE 'Risposta dopo il crash %' GROUP BY content",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (counts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return counts;
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* ---- bottegactl ---- */

static GSubprocess *
spawn (Fixture     *f,
       GError     **error,
       const char  *first,
       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg = first;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("BOTTEGACTL"));
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, f->data_dir);
  va_start (args, first);
  for (; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  return g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, error);
}

/* Runs `bottegactl sync` to its end; TRUE when it succeeded. */
static gboolean
sync_once (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = spawn (f, &error, "sync", NULL);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  return g_subprocess_get_successful (child);
}

/* ---- the test ---- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(BottegaAccount) account = NULL;

  f->home = test_home_new ();
  f->data_dir = g_build_filename (f->home, "data", "bottega", NULL);
  f->db_path = bottega_store_default_path (f->data_dir);

  f->sandbox = bottega_sandbox_new (NULL, &error);
  g_assert_no_error (error);
  bottega_sandbox_start (f->sandbox, 0, &error);
  g_assert_no_error (error);

  /* The account, its token in the (file) keyring the children share. */
  store = bottega_store_open (f->db_path, &error);
  g_assert_no_error (error);
  account = bottega_account_setup (store, bottega_sandbox_get_url (f->sandbox),
                                   bottega_sandbox_get_token (f->sandbox), 0, FALSE, NULL, &error);
  g_assert_no_error (error);
  bottega_store_close (store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  bottega_sandbox_stop (f->sandbox);
  g_clear_object (&f->sandbox);
  g_free (f->db_path);
  g_free (f->data_dir);
  test_home_free (f->home);
}

/* Conversations whose 24-hour window is open: they take free text. */
static GArray *
open_conversations (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaStore) store = bottega_store_open (f->db_path, &error);
  g_autoptr(GPtrArray) accounts = NULL;
  GArray *open = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  accounts = bottega_store_list_accounts (store, &error);
  g_assert_no_error (error);
  for (gint64 id = 1; id <= (gint64) bottega_sandbox_get_n_conversations (f->sandbox); id++)
    {
      g_autoptr(BottegaConversation) conversation = NULL;

      conversation = bottega_store_find_conversation (store, bottega_account_get_id (g_ptr_array_index (accounts, 0)),
                                                      id, &error);
      g_assert_no_error (error);
      if (bottega_conversation_get_can_reply (conversation) &&
          bottega_conversation_get_status (conversation) != BOTTEGA_CONVERSATION_RESOLVED)
        g_array_append_val (open, id);
    }
  bottega_store_close (store);
  return open;
}

static void
test_kill_sync_and_send (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) open = NULL;
  g_autoptr(GPtrArray) sends = g_ptr_array_new_with_free_func ((GDestroyNotify) send_free);
  g_autoptr(GHashTable) in_store = NULL;
  g_autoptr(GRand) rand = NULL;
  const char *seed_env = g_getenv ("BOTTEGA_CRASH_SEED");
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : DEFAULT_SEED;
  guint killed = 0, finished = 0, kills_in_send = 0, kills_in_sync = 0;
  guint send_ms = 0, sync_ms = 0;
  gint64 customer_writes = 0;
  gint64 started = g_get_monotonic_time ();

  g_assert_nonnull (g_getenv ("BOTTEGACTL"));
  g_test_message ("seed %u (BOTTEGA_CRASH_SEED=%u replays this run)", seed, seed);
  rand = g_rand_new_with_seed (seed);

  /* A first, complete sync. */
  g_assert_true (sync_once (f));
  open = open_conversations (f);
  g_assert_cmpuint (open->len, >, 0);

  /* Faults on: answers lost after the commit, 500s, a little latency. */
  bottega_sandbox_set_post_faults (f->sandbox, 0.2, 0.1, seed);
  bottega_sandbox_set_latency (f->sandbox, 5);

  for (guint round = 0; killed < KILLS; round++)
    {
      g_autoptr(GSubprocess) child = NULL;
      gboolean is_send = round < CALIBRATION_ROUNDS ? round % 2 == 0 : g_rand_boolean (rand);

      /* Bounded, whatever the machine: at most four rounds a kill. */
      g_assert_cmpuint (round, <, CALIBRATION_ROUNDS + 4 * KILLS);

      if (is_send)
        {
          Send *send = g_new0 (Send, 1);

          send->display_id = g_array_index (open, gint64, round % open->len);
          send->text = g_strdup_printf ("Risposta dopo il crash %u, per la conversazione %" G_GINT64_FORMAT,
                                        round, send->display_id);
          g_ptr_array_add (sends, send);
          {
            g_autofree char *conversation = g_strdup_printf ("%" G_GINT64_FORMAT, send->display_id);

            child = spawn (f, &error, "send", conversation, send->text, NULL);
          }
        }
      else
        {
          /* Meanwhile a customer writes: the sync has something to fetch. */
          gint64 display_id = g_array_index (open, gint64, g_rand_int_range (rand, 0, (gint32) open->len));
          g_autofree char *text = g_strdup_printf ("Il cliente scrive (giro %u)", round);

          g_assert_cmpint (bottega_sandbox_add_incoming_message (f->sandbox, display_id, text), >, 0);
          customer_writes++;
          child = spawn (f, &error, "sync", NULL);
        }
      g_assert_no_error (error);

      if (round < CALIBRATION_ROUNDS)
        {
          /* How long a whole command takes on this machine (sanitizers
           * make it several times slower): the kills spread over it. */
          gint64 t0 = g_get_monotonic_time ();
          guint took;

          g_assert_true (g_subprocess_wait (child, NULL, &error));
          took = (guint) ((g_get_monotonic_time () - t0) / 1000);
          if (is_send)
            send_ms = MAX (send_ms, took);
          else
            sync_ms = MAX (sync_ms, took);
        }
      else
        {
          guint span = is_send ? send_ms : sync_ms;

          g_usleep ((gulong) g_rand_int_range (rand, 0, (gint32) (span + span / 5 + 1)) * 1000);
        }
      g_subprocess_send_signal (child, SIGKILL);
      g_assert_true (g_subprocess_wait (child, NULL, &error));
      g_assert_no_error (error);

      if (g_subprocess_get_if_signaled (child))
        {
          g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
          killed++;
          if (is_send)
            kills_in_send++;
          else
            kills_in_sync++;
        }
      else
        {
          /* Done before the signal: a sync may fail on an injected 500,
           * but a send reports success once the reply is queued. */
          finished++;
          if (is_send)
            {
              g_assert_true (g_subprocess_get_successful (child));
              ((Send *) g_ptr_array_index (sends, sends->len - 1))->finished = TRUE;
            }
        }

      /* After every crash: the database is whole. */
      test_assert_database_intact (f->db_path);
      expire_claims (f->db_path);
    }

  g_test_message ("%u kills (%u in send, %u in sync), %u commands finished first, %u replies attempted; "
                  "a send took up to %u ms, a sync %u ms; %.1f s",
                  killed, kills_in_send, kills_in_sync, finished, sends->len, send_ms, sync_ms,
                  (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpuint (kills_in_send, >, 0);
  g_assert_cmpuint (kills_in_sync, >, 0);

  /* Faults off; the outbox drains. */
  bottega_sandbox_set_post_faults (f->sandbox, 0, 0, 0);
  bottega_sandbox_set_latency (f->sandbox, 0);
  for (guint i = 0; i < 5 && query_int (f->db_path, "SELECT count(*) FROM outbox WHERE state != 'sent'") > 0; i++)
    {
      expire_claims (f->db_path);
      sync_once (f);
    }
  g_assert_true (sync_once (f));
  test_assert_database_intact (f->db_path);
  g_assert_cmpint (query_int (f->db_path, "SELECT count(*) FROM outbox WHERE state != 'sent'"), ==, 0);

  /* Every reply the store holds is on the server exactly once, and in the
   * store once; every reply on the server is in the store; every send that
   * said so got its reply through. */
  in_store = stored_replies (f->db_path);
  for (guint i = 0; i < sends->len; i++)
    {
      Send *send = g_ptr_array_index (sends, i);
      guint on_server = bottega_sandbox_count_messages (f->sandbox, send->display_id, send->text);
      guint stored = GPOINTER_TO_UINT (g_hash_table_lookup (in_store, send->text));

      if (send->finished)
        g_assert_cmpuint (stored, ==, 1);
      if (stored > 0 || on_server > 0)
        {
          if (stored != 1 || on_server != 1)
            g_test_message ("reply %u: %u stored, %u on the server", i, stored, on_server);
          g_assert_cmpuint (stored, ==, 1);
          g_assert_cmpuint (on_server, ==, 1);
        }
    }
  g_test_message ("%u of %u replies were queued before their command was killed or ended; "
                  "each is on the server once", g_hash_table_size (in_store), sends->len);
  g_assert_cmpuint (g_hash_table_size (in_store), >, 0);

  /* Our replies all carry the server's id, each its own. */
  g_assert_cmpint (query_int (f->db_path, "SELECT count(*) FROM messages WHERE content LIKE 'Risposta dopo il crash %' "
                                          "AND remote_id IS NULL"), ==, 0);
  g_assert_cmpint (query_int (f->db_path, "SELECT count(*) - count(DISTINCT remote_id) FROM messages "
                                          "WHERE content LIKE 'Risposta dopo il crash %'"), ==, 0);

  /* And what customers wrote meanwhile reached the store. */
  g_assert_cmpint (query_int (f->db_path, "SELECT count(*) FROM messages WHERE content LIKE 'Il cliente scrive (giro %'"),
                   ==, customer_writes);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/crash-consistency/kill-sync-and-send", Fixture, NULL,
              fixture_set_up, test_kill_sync_and_send, fixture_tear_down);

  return g_test_run ();
}
