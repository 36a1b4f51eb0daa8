/* bottega-cli-bench.c: `bottegactl bench`, how Bottega feels with a million messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-cli"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "bottega-bench-gen.h"
#include "bottega-catalog-sync.h"
#include "bottega-chatwoot-parse.h"
#include "bottega-cli-bench.h"
#include "bottega-store.h"

/* Bump when the generator's output changes: cached stores are made again. */
#define GENERATOR_VERSION  2
/* The same for the sandbox's shop of the sync. */
#define SYNC_SHOP_VERSION  3
#define DEFAULT_SEED       20260101
#define ACCOUNT_URL        "http://127.0.0.1:9"
#define BATCH_MESSAGES     1000
#define SEARCH_LIMIT       50
#define SEARCH_ROUNDS      10
#define APP_TIMEOUT_S      120
#define SYNC_TIMEOUT_S     420
#define SANDBOX_TOKEN      "benchtoken0123456789abcdef"

typedef struct {
  guint64  n;
  char    *dir;            /* the XDG_DATA_HOME of this store */
  char    *db;
  gboolean cached;
  guint    n_conversations;
  guint    n_customers;
  guint64  n_attachments;
  double   gen_s;
  double   ingest_s;
  double   plain_s;
  gint64   long_id;        /* local id of the longest conversation */
  guint    long_length;
  gint64   short_id;       /* local id of a conversation of 20 messages */
  gint64   db_bytes;
  double   startup_ms;
  double   startup_cpu_ms;
  double   open_ms;
} SizeResult;

typedef struct {
  char       *work_dir;
  char       *bottega;
  char       *self_exe;
  gboolean    smoke;
  gboolean    gui;
  guint       runs;
  guint       idle_seconds;
  guint       sync_messages;
  guint64     seed;
  GPtrArray  *sizes;       /* SizeResult */
  SizeResult *empty;

  double      search_p50;
  double      search_p95;
  double      search_hits;
  double      startup_empty_ms;
  double      startup_empty_cpu_ms;
  double      open_short_ms;
  long        rss_empty_kb;
  long        rss_many_kb;
  long        rss_empty_cairo_kb;
  long        rss_many_cairo_kb;
  const char *renderer;    /* GSK_RENDERER for the next runs, or NULL */
  double      slowest_open_ms;
  double      stall_ms;
  double      stall_cpu_ms;
  double      frame_gap_ms;
  double      sync_ms;
  guint64     synced_messages;
  double      wakeups_per_min;
  char       *wakeup_threads;
  char       *idle_note;
  char       *load_average;
  guint       catalog_lines;
  guint       catalog_products;
  double      catalog_s;
  char       *catalog_error;
  GPtrArray  *notes;
} Bench;

static void
size_result_free (gpointer data)
{
  SizeResult *r = data;

  g_free (r->dir);
  g_free (r->db);
  g_free (r);
}

static void G_GNUC_PRINTF (1, 2)
say (const char *format,
     ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "bench: %s\n", text);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
remove_db (const char *path)
{
  const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      (void) g_unlink (file);
    }
}

/* Deletes @path and everything under it (a folder of the benchmark's). */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        (void) g_unlink (child);
    }
  (void) g_rmdir (path);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

/* ---- ingest: pages → the real parse and batch path ---- */

typedef struct {
  FILE        *pages;
  gint64       account_id;
  GAsyncQueue *queue;      /* BottegaStoreBatch, then a NULL-batch sentinel */
  GMutex       lock;
  GCond        cond;
  guint        in_flight;
  guint64      n_messages;
  GError      *error;
} Ingest;

#define MAX_IN_FLIGHT 4
#define END_OF_PAGES  GINT_TO_POINTER (1)

static void
hand_over (Ingest             *ingest,
           BottegaStoreBatch **batch)
{
  if (*batch == NULL || bottega_store_batch_is_empty (*batch))
    return;

  g_mutex_lock (&ingest->lock);
  while (ingest->in_flight >= MAX_IN_FLIGHT)
    g_cond_wait (&ingest->cond, &ingest->lock);
  ingest->in_flight++;
  g_mutex_unlock (&ingest->lock);

  g_async_queue_push (ingest->queue, g_steal_pointer (batch));
}

/* Reads and parses the pages on a thread of its own, as the sync engine
 * parses on its worker thread while the store's writer writes. */
static gpointer
parse_thread (gpointer data)
{
  Ingest *ingest = data;
  g_autoptr(BottegaStoreBatch) batch = NULL;
  char *request = NULL, *body = NULL;
  size_t request_size = 0, body_size = 0;
  guint batch_messages = 0;

  while (ingest->error == NULL &&
         getline (&request, &request_size, ingest->pages) > 0)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonNode) root = NULL;
      gssize len = getline (&body, &body_size, ingest->pages);

      if (len <= 0)
        {
          g_set_error_literal (&ingest->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "A page has no body");
          break;
        }

      bytes = g_bytes_new (body, (gsize) len);
      root = bottega_chatwoot_parse_json (bytes, &ingest->error);
      if (root == NULL)
        break;

      if (strstr (request, "/messages") == NULL)
        {
          g_autoptr(BottegaChatwootConversationPage) page = NULL;

          page = bottega_chatwoot_parse_conversation_page (root, ingest->account_id, &ingest->error);
          if (page == NULL)
            break;
          /* A sync writes one page of conversations per transaction. */
          hand_over (ingest, &batch);
          batch_messages = 0;
          batch = bottega_store_batch_new (ingest->account_id);
          for (guint i = 0; i < page->conversations->len; i++)
            bottega_store_batch_add_conversation (batch, g_ptr_array_index (page->conversations, i));
        }
      else
        {
          g_autoptr(GPtrArray) messages = NULL;
          const char *p = strstr (request, "/conversations/");
          gint64 display_id = p != NULL ? g_ascii_strtoll (p + strlen ("/conversations/"), NULL, 10) : 0;

          messages = bottega_chatwoot_parse_messages (root, ingest->account_id, &ingest->error);
          if (messages == NULL)
            break;
          if (batch == NULL)
            batch = bottega_store_batch_new (ingest->account_id);
          bottega_store_batch_add_messages (batch, display_id, messages, messages->len < 20);
          ingest->n_messages += messages->len;
          batch_messages += messages->len;
          if (batch_messages >= BATCH_MESSAGES)
            {
              hand_over (ingest, &batch);
              batch_messages = 0;
            }
        }
    }

  hand_over (ingest, &batch);
  free (request);
  free (body);
  g_async_queue_push (ingest->queue, END_OF_PAGES);
  return NULL;
}

static gboolean
ingest_pages (BottegaStore  *store,
              gint64         account_id,
              const char    *pages_path,
              guint64       *n_messages,
              GError       **error)
{
  Ingest ingest = { 0, };
  GThread *thread;
  gboolean ok = TRUE;

  ingest.pages = fopen (pages_path, "re");
  if (ingest.pages == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot read %s: %s", pages_path, g_strerror (saved_errno));
      return FALSE;
    }
  ingest.account_id = account_id;
  ingest.queue = g_async_queue_new ();
  g_mutex_init (&ingest.lock);
  g_cond_init (&ingest.cond);

  thread = g_thread_new ("bench-parse", parse_thread, &ingest);
  for (;;)
    {
      gpointer item = g_async_queue_pop (ingest.queue);
      g_autoptr(BottegaStoreBatch) batch = NULL;

      if (item == END_OF_PAGES)
        break;
      batch = item;
      if (ok && !bottega_store_write_batch (store, batch, NULL, error))
        ok = FALSE;

      g_mutex_lock (&ingest.lock);
      ingest.in_flight--;
      g_cond_signal (&ingest.cond);
      g_mutex_unlock (&ingest.lock);

      /* The store's change signals, emitted on this thread's context. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_thread_join (thread);

  if (ok && ingest.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&ingest.error));
      ok = FALSE;
    }
  g_clear_error (&ingest.error);
  g_async_queue_unref (ingest.queue);
  g_mutex_clear (&ingest.lock);
  g_cond_clear (&ingest.cond);
  fclose (ingest.pages);
  *n_messages = ingest.n_messages;
  return ok;
}

static gint64
save_account (BottegaStore  *store,
              const char    *url,
              GError       **error)
{
  g_autoptr(BottegaAccount) account = bottega_account_new ();

  bottega_account_set_url (account, url);
  bottega_account_set_remote_id (account, 1);
  bottega_account_set_user_id (account, 1);
  bottega_account_set_name (account, "Bottega bench");
  bottega_account_set_user_name (account, "Anna Bottega");
  if (!bottega_store_save_account (store, account, error))
    return 0;
  return bottega_account_get_id (account);
}

/* The same rows through plain prepared statements in one transaction. */
static gboolean
measure_plain (BenchShop  *shop,
               const char *dir,
               double     *seconds,
               GError    **error)
{
  g_autofree char *path = g_build_filename (dir, "plain.db", NULL);
  g_autoptr(BottegaStore) store = NULL;
  sqlite3 *db = NULL;
  gint64 account_id, start;
  gboolean ok;

  remove_db (path);
  store = bottega_store_open (path, error);
  if (store == NULL || (account_id = save_account (store, ACCOUNT_URL, error)) == 0)
    return FALSE;
  bottega_store_close (store);
  g_clear_object (&store);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                        "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_OPEN, "%s", sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }

  start = g_get_monotonic_time ();
  ok = bench_shop_insert_plain (shop, db, account_id, error);
  *seconds = seconds_since (start);
  sqlite3_close (db);
  remove_db (path);
  return ok;
}

static gint64
local_conversation_id (BottegaStore *store,
                       gint64        display_id)
{
  g_autoptr(BottegaConversation) conversation = bottega_store_find_conversation (store, 1, display_id, NULL);

  return conversation != NULL ? bottega_conversation_get_id (conversation) : 0;
}

static gboolean
prepare_size (Bench       *bench,
              SizeResult  *r,
              gboolean     regenerate,
              GError     **error)
{
  g_autofree char *meta_path = NULL;
  g_autofree char *pages_path = NULL;
  g_autoptr(GKeyFile) meta = g_key_file_new ();
  g_autoptr(BenchShop) shop = NULL;
  g_autoptr(BottegaStore) store = NULL;
  g_autofree char *text = NULL;
  guint64 ingested = 0;
  gint64 account_id, start;
  FILE *out;

  r->dir = g_strdup_printf ("%s/stores/%" G_GUINT64_FORMAT, bench->work_dir, r->n);
  r->db = g_build_filename (r->dir, "bottega", "bottega.db", NULL);
  meta_path = g_build_filename (r->dir, "meta.ini", NULL);
  pages_path = g_strdup_printf ("%s/pages-%" G_GUINT64_FORMAT ".txt", bench->work_dir, r->n);

  if (!regenerate && g_key_file_load_from_file (meta, meta_path, G_KEY_FILE_NONE, NULL) &&
      g_key_file_get_integer (meta, "bench", "version", NULL) == GENERATOR_VERSION &&
      g_key_file_get_uint64 (meta, "bench", "seed", NULL) == bench->seed &&
      g_file_test (r->db, G_FILE_TEST_EXISTS))
    {
      r->cached = TRUE;
      r->n_conversations = g_key_file_get_integer (meta, "bench", "conversations", NULL);
      r->n_customers = g_key_file_get_integer (meta, "bench", "customers", NULL);
      r->n_attachments = g_key_file_get_uint64 (meta, "bench", "attachments", NULL);
      r->gen_s = g_key_file_get_double (meta, "bench", "generate-s", NULL);
      r->ingest_s = g_key_file_get_double (meta, "bench", "ingest-s", NULL);
      r->plain_s = g_key_file_get_double (meta, "bench", "plain-s", NULL);
      r->long_id = g_key_file_get_int64 (meta, "bench", "long-id", NULL);
      r->long_length = g_key_file_get_integer (meta, "bench", "long-length", NULL);
      r->short_id = g_key_file_get_int64 (meta, "bench", "short-id", NULL);
      say ("%" G_GUINT64_FORMAT " messages: cached store in %s", r->n, r->dir);
      /* A store from an older Bottega is migrated now, not in a measurement. */
      store = bottega_store_open (r->db, error);
      if (store == NULL)
        return FALSE;
      bottega_store_close (store);
      g_clear_object (&store);
      r->db_bytes = file_size (r->db);
      return TRUE;
    }

  say ("%" G_GUINT64_FORMAT " messages: generating", r->n);
  if (g_mkdir_with_parents (r->dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot create %s", r->dir);
      return FALSE;
    }
  remove_db (r->db);
  (void) g_unlink (meta_path);

  shop = bench_shop_new (r->n, bench->seed);
  start = g_get_monotonic_time ();
  out = fopen (pages_path, "we");
  if (out == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s", pages_path);
      return FALSE;
    }
  if (!bench_shop_write_pages (shop, out, error))
    {
      fclose (out);
      return FALSE;
    }
  if (fclose (out) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s", pages_path);
      return FALSE;
    }
  r->gen_s = seconds_since (start);
  r->n_conversations = bench_shop_n_conversations (shop);
  r->n_customers = bench_shop_n_customers (shop);
  r->n_attachments = bench_shop_n_attachments (shop);

  say ("%" G_GUINT64_FORMAT " messages: ingesting the pages", r->n);
  store = bottega_store_open (r->db, error);
  if (store == NULL || (account_id = save_account (store, ACCOUNT_URL, error)) == 0)
    return FALSE;
  start = g_get_monotonic_time ();
  if (!ingest_pages (store, account_id, pages_path, &ingested, error))
    return FALSE;
  r->ingest_s = seconds_since (start);
  r->long_id = local_conversation_id (store, bench_shop_long_conversation (shop, &r->long_length));
  r->short_id = local_conversation_id (store, bench_shop_conversation_of_length (shop, 20));
  bottega_store_close (store);
  g_clear_object (&store);
  r->db_bytes = file_size (r->db);
  if (ingested != r->n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Ingested %" G_GUINT64_FORMAT " messages of %" G_GUINT64_FORMAT, ingested, r->n);
      return FALSE;
    }

  say ("%" G_GUINT64_FORMAT " messages: plain SQLite baseline", r->n);
  if (!measure_plain (shop, r->dir, &r->plain_s, error))
    return FALSE;

  /* The pages of the large sizes are big; the store is what is kept. */
  if (r->n > 100000)
    (void) g_unlink (pages_path);

  g_key_file_set_integer (meta, "bench", "version", GENERATOR_VERSION);
  g_key_file_set_uint64 (meta, "bench", "seed", bench->seed);
  g_key_file_set_integer (meta, "bench", "conversations", r->n_conversations);
  g_key_file_set_integer (meta, "bench", "customers", r->n_customers);
  g_key_file_set_uint64 (meta, "bench", "attachments", r->n_attachments);
  g_key_file_set_double (meta, "bench", "generate-s", r->gen_s);
  g_key_file_set_double (meta, "bench", "ingest-s", r->ingest_s);
  g_key_file_set_double (meta, "bench", "plain-s", r->plain_s);
  g_key_file_set_int64 (meta, "bench", "long-id", r->long_id);
  g_key_file_set_integer (meta, "bench", "long-length", r->long_length);
  g_key_file_set_int64 (meta, "bench", "short-id", r->short_id);
  text = g_key_file_to_data (meta, NULL, NULL);
  return g_file_set_contents (meta_path, text, -1, error);
}

static gboolean
prepare_empty (Bench       *bench,
               SizeResult  *r,
               GError     **error)
{
  g_autoptr(BottegaStore) store = NULL;

  r->dir = g_build_filename (bench->work_dir, "stores", "empty", NULL);
  r->db = g_build_filename (r->dir, "bottega", "bottega.db", NULL);
  if (g_file_test (r->db, G_FILE_TEST_EXISTS))
    {
      /* Migrated now, not in a measurement. */
      store = bottega_store_open (r->db, error);
      if (store == NULL)
        return FALSE;
      bottega_store_close (store);
      return TRUE;
    }

  store = bottega_store_open (r->db, error);
  if (store == NULL || save_account (store, ACCOUNT_URL, error) == 0)
    return FALSE;
  bottega_store_close (store);
  return TRUE;
}

/* ---- search ---- */

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index;

  if (sorted->len == 0)
    return 0;
  index = (guint) MIN ((double) sorted->len - 1, p * (double) sorted->len);
  return g_array_index (sorted, double, index);
}

static gboolean
measure_search (Bench       *bench,
                SizeResult  *r,
                GError     **error)
{
  const char * const *queries = bench_shop_search_words ();
  g_autoptr(BottegaStore) store = bottega_store_open (r->db, error);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 hits = 0;

  if (store == NULL)
    return FALSE;

  for (guint round = 0; round <= SEARCH_ROUNDS; round++)
    for (guint i = 0; queries[i] != NULL; i++)
      {
        g_autoptr(GPtrArray) found = NULL;
        gint64 start = g_get_monotonic_time ();
        double ms;

        found = bottega_store_search (store, round % 2 == 0 ? 0 : 1, queries[i], SEARCH_LIMIT, error);
        if (found == NULL)
          return FALSE;
        ms = (g_get_monotonic_time () - start) / 1000.0;
        /* Round 0 warms the page cache. */
        if (round > 0)
          {
            g_array_append_val (times, ms);
            hits += found->len;
          }
      }

  g_array_sort (times, compare_double);
  bench->search_p50 = percentile (times, 0.50);
  bench->search_p95 = percentile (times, 0.95);
  bench->search_hits = times->len > 0 ? (double) hits / times->len : 0;
  bottega_store_close (store);
  return TRUE;
}

/* ---- the real app ---- */

static char **
app_environment (Bench      *bench,
                 const char *data_home,
                 const char *mode)
{
  char **env = g_get_environ ();
  g_autofree char *cache = g_build_filename (bench->work_dir, "app-cache", NULL);
  g_autofree char *config = g_build_filename (bench->work_dir, "app-config", NULL);
  g_autofree char *keyring = g_build_filename (bench->work_dir, "keyring", NULL);

  env = g_environ_setenv (env, "XDG_DATA_HOME", data_home, TRUE);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", cache, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "SECRET_BACKEND", "file", TRUE);
  env = g_environ_setenv (env, "SECRET_FILE_TEST_PATH", keyring, TRUE);
  env = g_environ_setenv (env, "SECRET_FILE_TEST_PASSWORD", "bench", TRUE);
  if (g_environ_getenv (env, "GSETTINGS_SCHEMA_DIR") == NULL)
    {
      g_autofree char *bin_dir = g_path_get_dirname (bench->bottega);
      g_autofree char *schemas = g_build_filename (bin_dir, "..", "data", NULL);
      g_autofree char *compiled = g_build_filename (schemas, "gschemas.compiled", NULL);

      if (g_file_test (compiled, G_FILE_TEST_EXISTS))
        env = g_environ_setenv (env, "GSETTINGS_SCHEMA_DIR", schemas, TRUE);
    }
  if (bench->renderer != NULL)
    env = g_environ_setenv (env, "GSK_RENDERER", bench->renderer, TRUE);
  if (mode != NULL)
    env = g_environ_setenv (env, "BOTTEGA_BENCH", mode, TRUE);
  else
    env = g_environ_unsetenv (env, "BOTTEGA_BENCH");

  return env;
}

typedef struct {
  GMainLoop *loop;
  char      *line;
  gboolean   timed_out;
} LineWait;

static gboolean
line_wait_timeout (gpointer data)
{
  LineWait *wait = data;

  wait->timed_out = TRUE;
  g_main_loop_quit (wait->loop);
  return G_SOURCE_REMOVE;
}

static void
line_read (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  LineWait *wait = data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                     result, NULL, NULL);

  if (line != NULL && !g_str_has_prefix (line, "bench "))
    {
      g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (object), G_PRIORITY_DEFAULT, NULL,
                                           line_read, wait);
      return;
    }
  wait->line = g_steal_pointer (&line);
  g_main_loop_quit (wait->loop);
}

/* Waits for the next "bench …" line of @stdout (NULL at its end or after
 * @timeout_s). */
static char *
next_bench_line (GDataInputStream *stdout_stream,
                 guint             timeout_s)
{
  LineWait wait = { g_main_loop_new (NULL, FALSE), NULL, FALSE };
  guint timeout_id = g_timeout_add_seconds (timeout_s, line_wait_timeout, &wait);

  g_data_input_stream_read_line_async (stdout_stream, G_PRIORITY_DEFAULT, NULL, line_read, &wait);
  g_main_loop_run (wait.loop);
  if (!wait.timed_out)
    g_source_remove (timeout_id);
  else
    {
      /* The pending read ends when the process does. */
      while (wait.line == NULL && g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_main_loop_unref (wait.loop);
  return wait.line;
}

static GSubprocess *
spawn (char               **env,
       const char          *log_path,
       GSubprocessFlags     flags,
       GError             **error,
       ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_environ (launcher, env);
  if (log_path != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

/* Runs the app once in @mode on the store of @data_home; returns its
 * "bench …" line, and *@start the monotonic time just before the spawn. */
static char *
run_app (Bench      *bench,
         const char *data_home,
         const char *mode,
         guint       timeout_s,
         gint64     *start)
{
  g_auto(GStrv) env = app_environment (bench, data_home, mode);
  g_autofree char *log = g_build_filename (bench->work_dir, "bottega.log", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  char *line;

  *start = g_get_monotonic_time ();
  process = spawn (env, log, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, bench->bottega, NULL);
  if (process == NULL)
    {
      say ("cannot run %s: %s", bench->bottega, error->message);
      return NULL;
    }
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = next_bench_line (out, timeout_s);
  if (line == NULL)
    {
      say ("%s gave no measurement (see %s)", mode, log);
      g_subprocess_force_exit (process);
    }
  (void) g_subprocess_wait (process, NULL, NULL);
  return line;
}

static double
field_double (const char *line,
              const char *key)
{
  g_autofree char *needle = g_strconcat (key, "=", NULL);
  const char *p = line != NULL ? strstr (line, needle) : NULL;

  return p != NULL ? g_ascii_strtod (p + strlen (needle), NULL) : -1;
}

/* The median over runs (after one run that warms the caches) of the time
 * from spawning the process to its report. */
static double
measure_startup (Bench      *bench,
                 const char *data_home,
                 double     *cpu_ms)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint run = 0; run <= bench->runs; run++)
    {
      gint64 start = 0;
      g_autofree char *line = run_app (bench, data_home, "startup", APP_TIMEOUT_S, &start);
      double mono = field_double (line, "mono-us");
      double ms;

      if (line == NULL || mono < 0)
        return -1;
      ms = (mono - (double) start) / 1000.0;
      if (run > 0)
        {
          double used = field_double (line, "cpu-ms");

          g_array_append_val (times, ms);
          g_array_append_val (cpu, used);
        }
    }

  g_array_sort (times, compare_double);
  g_array_sort (cpu, compare_double);
  *cpu_ms = percentile (cpu, 0.5);
  return percentile (times, 0.5);
}

static double
measure_open (Bench      *bench,
              const char *data_home,
              gint64      conversation_id)
{
  g_autofree char *mode = g_strdup_printf ("open-conversation:%" G_GINT64_FORMAT, conversation_id);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint run = 0; run <= bench->runs; run++)
    {
      gint64 start = 0;
      g_autofree char *line = run_app (bench, data_home, mode, APP_TIMEOUT_S, &start);
      double ms = field_double (line, "open-conversation-ms");

      if (ms < 0)
        return -1;
      if (run > 0)
        g_array_append_val (times, ms);
    }

  g_array_sort (times, compare_double);
  return percentile (times, 0.5);
}

/* ---- the sync and idle, against a sandbox that holds the messages ---- */

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (socket == NULL || !g_socket_bind (socket, any, TRUE, NULL) ||
      (bound = g_socket_get_local_address (socket, NULL)) == NULL)
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

typedef struct {
  char   *name;
  gint64  switches;
} ThreadCount;

/* Context switches of every thread of @pid: how often each one woke. */
static GHashTable *
count_wakeups (GPid pid)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *task_dir = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (task_dir, 0, NULL);
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *status_path = g_build_filename (task_dir, tid, "status", NULL);
      g_autofree char *status = NULL;
      g_autofree char *name = NULL;
      gint64 *total = g_new0 (gint64, 1);
      const char *p;

      if (!g_file_get_contents (status_path, &status, NULL, NULL))
        {
          g_free (total);
          continue;
        }
      if ((p = strstr (status, "Name:")) != NULL)
        name = g_strstrip (g_strndup (p + 5, strcspn (p + 5, "\n")));
      if ((p = strstr (status, "voluntary_ctxt_switches:")) != NULL)
        *total += g_ascii_strtoll (p + strlen ("voluntary_ctxt_switches:"), NULL, 10);
      if ((p = strstr (status, "nonvoluntary_ctxt_switches:")) != NULL)
        *total += g_ascii_strtoll (p + strlen ("nonvoluntary_ctxt_switches:"), NULL, 10);
      g_hash_table_insert (counts, g_strdup_printf ("%s/%s", name != NULL ? name : "?", tid), total);
    }

  return counts;
}

static void
sleep_seconds (guint seconds)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add_seconds (seconds, (GSourceFunc) g_main_loop_quit, loop);
  g_main_loop_run (loop);
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const ThreadCount *x = a, *y = b;

  return x->switches < y->switches ? 1 : x->switches > y->switches ? -1 : 0;
}

static void
measure_idle (Bench *bench,
              GPid   pid)
{
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GArray) threads = g_array_new (FALSE, FALSE, sizeof (ThreadCount));
  g_autoptr(GString) names = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;
  gint64 total = 0;

  before = count_wakeups (pid);
  sleep_seconds (bench->idle_seconds);
  after = count_wakeups (pid);

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 *was = g_hash_table_lookup (before, key);
      ThreadCount count = { key, *(gint64 *) value - (was != NULL ? *was : 0) };

      total += count.switches;
      if (count.switches > 0)
        g_array_append_val (threads, count);
    }
  g_array_sort (threads, compare_counts);
  for (guint i = 0; i < threads->len && i < 6; i++)
    {
      ThreadCount *count = &g_array_index (threads, ThreadCount, i);
      g_autofree char *name = g_strdup (count->name);

      /* Thread ids change every run: keep the name. */
      *strrchr (name, '/') = '\0';
      g_string_append_printf (names, "%s%s %.0f", i > 0 ? ", " : "", name,
                              count->switches * 60.0 / bench->idle_seconds);
    }

  bench->wakeups_per_min = total * 60.0 / bench->idle_seconds;
  bench->wakeup_threads = g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
measure_sync_and_idle (Bench   *bench,
                       GError **error)
{
  g_autofree char *state = g_strdup_printf ("%s/sync-shop-%u-v%d.json", bench->work_dir, bench->sync_messages, SYNC_SHOP_VERSION);
  g_autofree char *state_copy = g_build_filename (bench->work_dir, "sync-shop-run.json", NULL);
  g_autofree char *run_home = g_build_filename (bench->work_dir, "sync-run", NULL);
  g_autofree char *run_data = g_build_filename (run_home, "bottega", NULL);
  g_autofree char *run_db = g_build_filename (run_data, "bottega.db", NULL);
  g_autofree char *token_file = g_build_filename (bench->work_dir, "sync-token", NULL);
  g_autofree char *sandbox_log = g_build_filename (bench->work_dir, "sandbox.log", NULL);
  g_autofree char *app_log = g_build_filename (bench->work_dir, "bottega.log", NULL);
  g_autofree char *port_text = NULL;
  g_autofree char *url = NULL;
  g_autofree char *stall_line = NULL;
  g_autofree char *idle_line = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) env = NULL;
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GSubprocess) add = NULL;
  g_autoptr(GDataInputStream) sandbox_out = NULL;
  g_autoptr(GDataInputStream) app_out = NULL;
  g_autoptr(BottegaStore) store = NULL;
  gsize length = 0;
  guint port;

  /* A shop whose first sync brings sync_messages messages: the latest 20 of
   * each conversation (what the initial sync reads). */
  if (!g_file_test (state, G_FILE_TEST_EXISTS))
    {
      g_autoptr(BenchShop) shop = bench_shop_new ((guint64) bench->sync_messages * 4, bench->seed + 1);
      g_autofree char *partial = g_strconcat (state, ".part", NULL);
      FILE *out;

      say ("generating the sandbox's shop for the sync");
      out = fopen (partial, "we");
      if (out == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s", partial);
          return FALSE;
        }
      if (!bench_shop_write_sandbox_state (shop, 20, bench->sync_messages, SANDBOX_TOKEN, out, error))
        {
          fclose (out);
          return FALSE;
        }
      if (fclose (out) != 0 || g_rename (partial, state) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s", state);
          return FALSE;
        }
    }
  if (!g_file_get_contents (state, &contents, &length, error) ||
      !g_file_set_contents (state_copy, contents, (gssize) length, error))
    return FALSE;
  g_clear_pointer (&contents, g_free);

  port = free_port ();
  port_text = g_strdup_printf ("%u", port);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  env = app_environment (bench, run_home, NULL);
  sandbox = spawn (env, sandbox_log, G_SUBPROCESS_FLAGS_STDOUT_PIPE, error,
                   bench->self_exe, "sandbox", "--port", port_text, "--state", state_copy, NULL);
  if (sandbox == NULL)
    return FALSE;
  sandbox_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  {
    g_autofree char *first = g_data_input_stream_read_line_utf8 (sandbox_out, NULL, NULL, error);

    if (first == NULL || !g_str_has_prefix (first, "http://"))
      {
        if (error != NULL && *error == NULL)
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The sandbox did not start (see %s)", sandbox_log);
        g_subprocess_force_exit (sandbox);
        return FALSE;
      }
  }

  /* A new store with the account, its token in the (file) keyring. */
  remove_tree (run_home);
  g_mkdir_with_parents (run_data, 0700);
  if (!g_file_set_contents (token_file, SANDBOX_TOKEN "\n", -1, error))
    goto fail;
  add = spawn (env, NULL, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, error,
               bench->self_exe, "--data-dir", run_data, "account", "add", "--url", url,
               "--token-file", token_file, NULL);
  if (add == NULL || !g_subprocess_wait_check (add, NULL, error))
    goto fail;

  say ("the sync of %u messages, with the main-loop watchdog", bench->sync_messages);
  {
    gint64 start = 0;

    stall_line = run_app (bench, run_home, "stall", SYNC_TIMEOUT_S, &start);
  }
  bench->stall_ms = field_double (stall_line, "stall-ms");
  bench->stall_cpu_ms = field_double (stall_line, "stall-cpu-ms");
  bench->frame_gap_ms = field_double (stall_line, "frame-gap-ms");
  bench->sync_ms = field_double (stall_line, "sync-ms");

  store = bottega_store_open (run_db, error);
  if (store == NULL)
    goto fail;
  bench->synced_messages = bottega_store_count_messages (store, 1);
  bottega_store_close (store);
  g_clear_object (&store);

  {
    g_autofree char *loadavg = NULL;

    /* Other processes on the machine lengthen every wall-clock gap. */
    if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
      bench->load_average = g_strndup (loadavg, strcspn (loadavg, " "));
    else
      bench->load_average = g_strdup ("?");
  }

  say ("idle with realtime connected, %u s", bench->idle_seconds);
  g_strfreev (env);
  env = app_environment (bench, run_home, "idle");
  app = spawn (env, app_log, G_SUBPROCESS_FLAGS_STDOUT_PIPE, error, bench->bottega, NULL);
  if (app == NULL)
    goto fail;
  app_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (app));
  idle_line = next_bench_line (app_out, APP_TIMEOUT_S);
  if (idle_line == NULL)
    {
      bench->idle_note = g_strdup ("the app never finished its sync");
    }
  else
    {
      const char *pid = g_subprocess_get_identifier (app);

      /* The websocket connects after the sync, and its connection runs a
       * catch-up pull of its own: idle is when that is over, a 5 s window
       * with few wake-ups (at most 4 minutes of waiting). */
      sleep_seconds (10);
      if (pid != NULL)
        {
          GPid app_pid = (GPid) g_ascii_strtoll (pid, NULL, 10);

          for (guint waited = 0; waited < 240; waited += 5)
            {
              g_autoptr(GHashTable) before = count_wakeups (app_pid);
              g_autoptr(GHashTable) after = NULL;
              gint64 total = 0;
              GHashTableIter iter;
              gpointer key, value;

              sleep_seconds (5);
              after = count_wakeups (app_pid);
              g_hash_table_iter_init (&iter, after);
              while (g_hash_table_iter_next (&iter, &key, &value))
                {
                  gint64 *was = g_hash_table_lookup (before, key);

                  total += *(gint64 *) value - (was != NULL ? *was : 0);
                }
              if (total <= 20)
                break;
            }
          measure_idle (bench, app_pid);
        }
    }
  g_subprocess_send_signal (app, SIGTERM);
  (void) g_subprocess_wait (app, NULL, NULL);
  g_subprocess_send_signal (sandbox, SIGTERM);
  (void) g_subprocess_wait (sandbox, NULL, NULL);
  return TRUE;

fail:
  if (app != NULL)
    g_subprocess_force_exit (app);
  g_subprocess_send_signal (sandbox, SIGTERM);
  (void) g_subprocess_wait (sandbox, NULL, NULL);
  return FALSE;
}

/* ---- the catalog: a product feed into a store ---- */

static void
measure_catalog (Bench *bench)
{
  g_autofree char *feed = g_strdup_printf ("%s/feed-%u.csv", bench->work_dir, bench->catalog_lines);
  g_autofree char *db = g_build_filename (bench->work_dir, "catalog", "bottega.db", NULL);
  g_autoptr(BottegaStore) store = NULL;
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account_id, start;

  if (!g_file_test (feed, G_FILE_TEST_EXISTS))
    {
      FILE *out = fopen (feed, "we");

      if (out == NULL || !bench_write_product_feed (bench->catalog_lines, bench->seed, out, &error))
        {
          if (out != NULL)
            fclose (out);
          bench->catalog_error = g_strdup (error != NULL ? error->message : "cannot write the feed");
          (void) g_unlink (feed);
          return;
        }
      if (fclose (out) != 0)
        {
          bench->catalog_error = g_strdup ("cannot write the feed");
          (void) g_unlink (feed);
          return;
        }
    }

  remove_db (db);
  store = bottega_store_open (db, &error);
  if (store == NULL || (account_id = save_account (store, ACCOUNT_URL, &error)) == 0)
    {
      bench->catalog_error = g_strdup (error->message);
      return;
    }

  start = g_get_monotonic_time ();
  report = bottega_catalog_sync_import_file (store, account_id, feed, NULL, &error);
  bench->catalog_s = seconds_since (start);
  if (report == NULL)
    bench->catalog_error = g_strdup (error->message);
  else
    bench->catalog_products = report->n_products;
  bottega_store_close (store);
  g_clear_object (&store);
  remove_db (db);
}

/* ---- the table ---- */

static char *
machine_description (void)
{
  g_autofree char *cpuinfo = NULL;
  g_autofree char *meminfo = NULL;
  g_autofree char *model = NULL;
  const char *p;
  long mem_kb = 0;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL) &&
      (p = strstr (cpuinfo, "model name")) != NULL && (p = strchr (p, ':')) != NULL)
    model = g_strstrip (g_strndup (p + 1, strcspn (p + 1, "\n")));
  if (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL) &&
      (p = strstr (meminfo, "MemTotal:")) != NULL)
    mem_kb = strtol (p + strlen ("MemTotal:"), NULL, 10);

  return g_strdup_printf ("%s, %u cores, %.0f GiB RAM, SQLite %s",
                          model != NULL ? model : "unknown CPU", g_get_num_processors (),
                          mem_kb / 1048576.0, sqlite3_libversion ());
}

static const char *
verdict (gboolean measured,
         gboolean met)
{
  if (!measured)
    return "—";
  return met ? "met" : "**missed**";
}

static char *
size_name (guint64 n)
{
  if (n >= 1000000 && n % 1000000 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "M", n / 1000000);
  if (n >= 1000 && n % 1000 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "k", n / 1000);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
}

static void
row (const char *measure,
     const char *result,
     const char *target,
     const char *met)
{
  printf ("| %s | %s | %s | %s |\n", measure, result, target, met);
}

static void
print_table (Bench *bench)
{
  g_autofree char *machine = machine_description ();
  SizeResult *largest = g_ptr_array_index (bench->sizes, bench->sizes->len - 1);
  g_autofree char *largest_name = size_name (largest->n);
  const char *skipped = bench->smoke ? _("skipped (--smoke)") : _("skipped (no display)");

  printf ("\n%s: %s\n\n", _("Machine"), machine);
  printf ("| %s | %s | %s | %s |\n|---|---|---|---|\n",
          _("measure"), _("result"), _("target"), _("met"));

  for (guint i = 0; i < bench->sizes->len; i++)
    {
      SizeResult *r = g_ptr_array_index (bench->sizes, i);
      g_autofree char *name = size_name (r->n);
      g_autofree char *measure = NULL;
      g_autofree char *result = NULL;
      double rate = r->ingest_s > 0 ? r->n / r->ingest_s : 0;
      double plain = r->plain_s > 0 ? r->n / r->plain_s : 0;
      double ratio = plain > 0 ? rate / plain : 0;

      measure = g_strdup_printf (_("ingest %s (%u conversations, %u customers, %llu"
                                   " attachments, store %.0f MB%s)"),
                                 name, r->n_conversations, r->n_customers, (unsigned long long) r->n_attachments,
                                 r->db_bytes / 1e6, r->cached ? _(", cached") : "");
      result = g_strdup_printf (_("%.0f msg/s; plain SQLite %.0f msg/s; ratio %.2f"), rate, plain, ratio);
      row (measure, result, "≥ 0.50", verdict (plain > 0, ratio >= 0.5));
    }

  if (bench->gui)
    {
      g_autofree char *result = g_strdup_printf (_("%.0f ms; %.0f ms of processor time"),
                                                 bench->startup_empty_ms, bench->startup_empty_cpu_ms);

      row (_("start-up, empty store"), result, "", "");
    }
  else
    row (_("start-up, empty store"), skipped, "", "—");
  for (guint i = 0; i < bench->sizes->len; i++)
    {
      SizeResult *r = g_ptr_array_index (bench->sizes, i);
      g_autofree char *name = size_name (r->n);
      g_autofree char *measure = g_strdup_printf (_("start-up, %s messages"), name);
      g_autofree char *result = NULL;
      double ratio = bench->startup_empty_ms > 0 ? r->startup_ms / bench->startup_empty_ms : 0;
      double cpu_ratio = bench->startup_empty_cpu_ms > 0 ? r->startup_cpu_ms / bench->startup_empty_cpu_ms : 0;

      if (!bench->gui)
        {
          row (measure, skipped, "≤ 1.2× empty", "—");
          continue;
        }
      /* The verdict goes by processor time: on a shared machine the wall
       * clock measures the neighbours too. */
      result = g_strdup_printf (_("%.0f ms (%.2f× empty); %.0f ms of processor time (%.2f× empty)"),
                                r->startup_ms, ratio, r->startup_cpu_ms, cpu_ratio);
      row (measure, result, "≤ 1.2× empty",
           verdict (r->startup_cpu_ms > 0 && bench->startup_empty_cpu_ms > 0, cpu_ratio <= 1.2));
    }

  if (bench->gui)
    {
      g_autofree char *result = g_strdup_printf ("%.0f ms", bench->open_short_ms);

      row (_("open a 20-message conversation, smallest store"), result, "", "");
    }
  else
    row (_("open a 20-message conversation, smallest store"), skipped, "", "—");
  for (guint i = 0; i < bench->sizes->len; i++)
    {
      SizeResult *r = g_ptr_array_index (bench->sizes, i);
      g_autofree char *name = size_name (r->n);
      g_autofree char *measure = g_strdup_printf (_("open the %u-message conversation, %s store"),
                                                  r->long_length, name);
      g_autofree char *result = NULL;
      g_autofree char *base_name = NULL;
      SizeResult *base = r;
      double ratio;

      if (!bench->gui)
        {
          row (measure, skipped, "≤ 1.2× in the smallest store", "—");
          continue;
        }
      /* Flat in store size: the same conversation in the smallest store
       * that holds one as long. */
      for (guint k = 0; k < i; k++)
        {
          SizeResult *other = g_ptr_array_index (bench->sizes, k);

          if (other->long_length == r->long_length)
            {
              base = other;
              break;
            }
        }
      base_name = size_name (base->n);
      ratio = base->open_ms > 0 ? r->open_ms / base->open_ms : 0;
      result = g_strdup_printf (_("%.0f ms (%.2f× in the %s store)"), r->open_ms, ratio, base_name);
      row (measure, result, "≤ 1.2× in the smallest store",
           verdict (r->open_ms > 0 && base->open_ms > 0 && base != r, ratio <= 1.2));
    }

  {
    g_autofree char *measure = g_strdup_printf (_("search p50 / p95, %s store (limit %d, %.0f hits a query)"),
                                                largest_name, SEARCH_LIMIT, bench->search_hits);
    g_autofree char *result = g_strdup_printf ("%.1f / %.1f ms", bench->search_p50, bench->search_p95);

    row (measure, result, "p95 < 20 ms", verdict (TRUE, bench->search_p95 < 20));
  }

  if (bench->gui)
    {
      g_autofree char *empty = g_strdup_printf ("%.0f MB", bench->rss_empty_kb / 1024.0);
      g_autofree char *measure = g_strdup_printf (_("resident memory after opening 100 conversations, %s store"),
                                                  largest_name);
      g_autofree char *result = NULL;
      double ratio = bench->rss_empty_kb > 0 ? (double) bench->rss_many_kb / bench->rss_empty_kb : 0;

      row (_("resident memory, empty store"), empty, "", "");
      result = g_strdup_printf (_("%.0f MB (%.2f× empty; slowest open %.0f ms)"),
                                bench->rss_many_kb / 1024.0, ratio, bench->slowest_open_ms);
      row (measure, result, "< 150 MB and ≤ 1.3× empty",
           verdict (bench->rss_many_kb > 0 && bench->rss_empty_kb > 0,
                    bench->rss_many_kb < 150 * 1024 && ratio <= 1.3));

      {
        g_autofree char *cairo_measure = g_strdup_printf (_("the same with GSK_RENDERER=cairo: empty store, "
                                                            "then 100 conversations, %s store"), largest_name);
        g_autofree char *cairo_result = NULL;
        double cairo_ratio = bench->rss_empty_cairo_kb > 0
                             ? (double) bench->rss_many_cairo_kb / bench->rss_empty_cairo_kb : 0;

        cairo_result = g_strdup_printf (_("%.0f MB, then %.0f MB (%.2f× empty)"), bench->rss_empty_cairo_kb / 1024.0,
                                        bench->rss_many_cairo_kb / 1024.0, cairo_ratio);
        row (cairo_measure, cairo_result, "< 150 MB and ≤ 1.3× empty",
             verdict (bench->rss_many_cairo_kb > 0 && bench->rss_empty_cairo_kb > 0,
                      bench->rss_many_cairo_kb < 150 * 1024 && cairo_ratio <= 1.3));
      }
    }
  else
    {
      row (_("resident memory, empty store"), skipped, "", "—");
      row (_("resident memory after opening 100 conversations"), skipped, "< 150 MB and ≤ 1.3× empty", "—");
      row (_("the same with GSK_RENDERER=cairo"), skipped, "< 150 MB and ≤ 1.3× empty", "—");
    }

  if (bench->gui && bench->stall_ms >= 0)
    {
      g_autofree char *measure = g_strdup_printf (_("longest main-loop stall while %llu"
                                                    " messages sync"), (unsigned long long) bench->synced_messages);
      g_autofree char *result = g_strdup_printf (_("%.0f ms wall, %.0f ms of the main thread's own time "
                                                   "(longest frame gap %.0f ms; sync took %.0f s; load average %s)"),
                                                 bench->stall_ms, bench->stall_cpu_ms, bench->frame_gap_ms,
                                                 bench->sync_ms / 1000.0, bench->load_average != NULL ? bench->load_average : "?");

      row (measure, result, "≤ 50 ms", verdict (TRUE, bench->stall_ms <= 50));
    }
  else
    row (_("longest main-loop stall while messages sync"), bench->gui ? _("failed") : skipped, "≤ 50 ms", "—");

  if (bench->gui && bench->wakeup_threads != NULL)
    {
      g_autofree char *result = g_strdup_printf (_("%.0f a minute (%s)"), bench->wakeups_per_min,
                                                 bench->wakeup_threads);

      /* The websocket's own traffic: a ping every 3 s and presence every
       * 20 s, each waking the main thread about once or twice. */
      row (_("idle wake-ups, realtime connected (the server pings every 3 s)"), result,
           _("websocket traffic only (≤ 60 a minute)"), verdict (TRUE, bench->wakeups_per_min <= 60));
    }
  else
    row (_("idle wake-ups, realtime connected"),
         bench->gui ? (bench->idle_note != NULL ? bench->idle_note : _("failed")) : skipped,
         _("websocket traffic only"), "—");

  {
    g_autofree char *measure = g_strdup_printf (_("catalog import, %uk-line feed"), bench->catalog_lines / 1000);
    g_autofree char *result = NULL;

    if (bench->catalog_error != NULL)
      result = g_strdup_printf (_("failed: %s"), bench->catalog_error);
    else
      result = g_strdup_printf (_("%u products in %.1f s (%.0f lines/s)"), bench->catalog_products,
                                bench->catalog_s, bench->catalog_s > 0 ? bench->catalog_lines / bench->catalog_s : 0);
    row (measure, result, _("imports"), verdict (TRUE, bench->catalog_error == NULL &&
                                                       bench->catalog_products == bench->catalog_lines));
  }

  for (guint i = 0; i < bench->notes->len; i++)
    printf ("\n%s", (const char *) g_ptr_array_index (bench->notes, i));
  printf ("\n");
}

/* ---- entry ---- */

int
bottega_cli_bench (int    argc,
                   char **argv)
{
  g_autofree char *work_dir = NULL;
  g_autofree char *sizes_text = NULL;
  g_autofree char *bottega = NULL;
  gboolean smoke = FALSE, regenerate = FALSE, no_gui = FALSE;
  int runs = 3, idle_seconds = 60, sync_messages = 100000;
  gint64 seed = DEFAULT_SEED;
  const GOptionEntry entries[] = {
    { "work-dir", 0, 0, G_OPTION_ARG_FILENAME, &work_dir,
      N_("Where generated shops and stores are kept (default: the user's cache folder)"), N_("DIR") },
    { "smoke", 0, 0, G_OPTION_ARG_NONE, &smoke, N_("A quick run: 10,000 messages, no window"), NULL },
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text,
      N_("Store sizes in messages (default 10000,100000,1000000)"), N_("N,N,…") },
    { "regenerate", 0, 0, G_OPTION_ARG_NONE, &regenerate, N_("Make the stores again instead of using cached ones"), NULL },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, N_("Runs of each window measurement (median; default 3)"), N_("N") },
    { "idle-seconds", 0, 0, G_OPTION_ARG_INT, &idle_seconds, N_("How long to count idle wake-ups (default 60)"), N_("S") },
    { "sync-messages", 0, 0, G_OPTION_ARG_INT, &sync_messages,
      N_("Messages the background sync brings (default 100000)"), N_("N") },
    { "bottega", 0, 0, G_OPTION_ARG_FILENAME, &bottega, N_("The bottega binary (default: beside this one)"), N_("FILE") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the generated shops"), N_("N") },
    { "no-gui", 0, 0, G_OPTION_ARG_NONE, &no_gui, N_("Measure only what needs no window"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sizes = NULL;
  Bench bench = { 0, };
  const char *display = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");
  gint64 started = g_get_monotonic_time ();
  int status = 0;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Measures ingest, start-up, search, memory, stalls and idle wake-ups "
                                           "on generated shops of 10,000 to 1,000,000 messages."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bottegactl: %s\n", error->message);
      return 2;
    }

  bench.seed = (guint64) seed;
  bench.smoke = smoke;
  bench.runs = (guint) CLAMP (runs, 1, 20);
  bench.idle_seconds = (guint) CLAMP (idle_seconds, 5, 600);
  bench.sync_messages = (guint) CLAMP (sync_messages, 100, 1000000);
  bench.work_dir = work_dir != NULL ? g_steal_pointer (&work_dir)
                                    : g_build_filename (g_get_user_cache_dir (), "bottega", "bench", NULL);
  bench.self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (bottega != NULL)
    bench.bottega = g_steal_pointer (&bottega);
  else if (bench.self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (bench.self_exe);

      bench.bottega = g_build_filename (dir, "bottega", NULL);
    }
  bench.gui = !smoke && !no_gui && bench.bottega != NULL &&
              g_file_test (bench.bottega, G_FILE_TEST_IS_EXECUTABLE) &&
              ((display != NULL && display[0] != '\0') || (wayland != NULL && wayland[0] != '\0'));
  bench.sizes = g_ptr_array_new_with_free_func (size_result_free);
  bench.notes = g_ptr_array_new_with_free_func (g_free);
  bench.empty = g_new0 (SizeResult, 1);
  bench.stall_ms = -1;
  bench.catalog_lines = smoke ? 10000 : 100000;

  sizes = g_strsplit (smoke ? "10000" : sizes_text != NULL ? sizes_text : "10000,100000,1000000", ",", -1);
  for (guint i = 0; sizes[i] != NULL; i++)
    {
      guint64 n = g_ascii_strtoull (sizes[i], NULL, 10);
      SizeResult *r;

      if (n == 0)
        {
          fprintf (stderr, "bottegactl: %s\n", _("--sizes takes message counts, such as 10000,100000"));
          return 2;
        }
      r = g_new0 (SizeResult, 1);
      r->n = n;
      g_ptr_array_add (bench.sizes, r);
    }

  if (g_mkdir_with_parents (bench.work_dir, 0700) != 0)
    {
      /* Translators: %s is a folder */
      g_autofree char *message = g_strdup_printf (_("Cannot create %s"), bench.work_dir);

      fprintf (stderr, "bottegactl: %s\n", message);
      return 1;
    }
  say ("work dir %s", bench.work_dir);

  for (guint i = 0; i < bench.sizes->len; i++)
    if (!prepare_size (&bench, g_ptr_array_index (bench.sizes, i), regenerate, &error))
      {
        fprintf (stderr, "bottegactl: %s\n", error->message);
        status = 1;
        goto out;
      }
  if (!prepare_empty (&bench, bench.empty, &error))
    {
      fprintf (stderr, "bottegactl: %s\n", error->message);
      status = 1;
      goto out;
    }

  say ("catalog import");
  measure_catalog (&bench);

  say ("search");
  if (!measure_search (&bench, g_ptr_array_index (bench.sizes, bench.sizes->len - 1), &error))
    {
      fprintf (stderr, "bottegactl: %s\n", error->message);
      status = 1;
      goto out;
    }

  if (bench.gui)
    {
      SizeResult *smallest = g_ptr_array_index (bench.sizes, 0);
      SizeResult *largest = g_ptr_array_index (bench.sizes, bench.sizes->len - 1);
      gint64 start = 0;
      g_autofree char *line = NULL;

      say ("start-up");
      bench.startup_empty_ms = measure_startup (&bench, bench.empty->dir, &bench.startup_empty_cpu_ms);
      for (guint i = 0; i < bench.sizes->len; i++)
        {
          SizeResult *r = g_ptr_array_index (bench.sizes, i);

          r->startup_ms = measure_startup (&bench, r->dir, &r->startup_cpu_ms);
        }

      say ("opening conversations");
      bench.open_short_ms = measure_open (&bench, smallest->dir, smallest->short_id);
      for (guint i = 0; i < bench.sizes->len; i++)
        {
          SizeResult *r = g_ptr_array_index (bench.sizes, i);

          r->open_ms = measure_open (&bench, r->dir, r->long_id);
        }

      say ("memory");
      line = run_app (&bench, bench.empty->dir, "open-many:0", APP_TIMEOUT_S, &start);
      bench.rss_empty_kb = (long) field_double (line, "rss-kb");
      g_clear_pointer (&line, g_free);
      line = run_app (&bench, largest->dir, "open-many:100", APP_TIMEOUT_S * 3, &start);
      bench.rss_many_kb = (long) field_double (line, "rss-kb");
      bench.slowest_open_ms = field_double (line, "slowest-open-ms");
      g_clear_pointer (&line, g_free);

      /* Under a virtual display GTK renders with Mesa's software GL, whose
       * textures count as the app's memory (on a GPU they are the
       * driver's): the same with GTK's own software renderer. */
      bench.renderer = "cairo";
      line = run_app (&bench, bench.empty->dir, "open-many:0", APP_TIMEOUT_S, &start);
      bench.rss_empty_cairo_kb = (long) field_double (line, "rss-kb");
      g_clear_pointer (&line, g_free);
      line = run_app (&bench, largest->dir, "open-many:100", APP_TIMEOUT_S * 3, &start);
      bench.rss_many_cairo_kb = (long) field_double (line, "rss-kb");
      bench.renderer = NULL;

      if (!measure_sync_and_idle (&bench, &error))
        {
          say ("sync and idle: %s", error->message);
          g_clear_error (&error);
        }
    }

  print_table (&bench);
  putchar ('\n');
  /* Translators: %.0f is a number of seconds */
  printf (_("The benchmark took %.0f s\n"), seconds_since (started));

out:
  g_ptr_array_unref (bench.sizes);
  g_ptr_array_unref (bench.notes);
  size_result_free (bench.empty);
  g_free (bench.work_dir);
  g_free (bench.bottega);
  g_free (bench.self_exe);
  g_free (bench.wakeup_threads);
  g_free (bench.idle_note);
  g_free (bench.load_average);
  g_free (bench.catalog_error);
  return status;
}
