/* bottega-store.c: the local SQLite store: opening, migrations, the writer thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bottega-store.h"
#include "bottega-store-private.h"
#include "bottega-store-resources.h"
#include "bottega-store-catalog-private.h"

#define MIGRATIONS_PATH "/io/github/bottega_chat/Bottega/store/migrations/"

/* What the writer thread and the signal idles share with the store without
 * keeping it alive: a weak reference, so that neither ever runs the store's
 * dispose on the writer thread. */
typedef struct {
  gatomicrefcount ref_count;
  GWeakRef        store;
} Hub;

static Hub *
hub_new (BottegaStore *store)
{
  Hub *hub = g_new0 (Hub, 1);

  g_atomic_ref_count_init (&hub->ref_count);
  g_weak_ref_init (&hub->store, store);
  return hub;
}

static Hub *
hub_ref (Hub *hub)
{
  g_atomic_ref_count_inc (&hub->ref_count);
  return hub;
}

static void
hub_unref (Hub *hub)
{
  if (g_atomic_ref_count_dec (&hub->ref_count))
    {
      g_weak_ref_clear (&hub->store);
      g_free (hub);
    }
}

typedef struct {
  BottegaStoreWriteFunc  func;
  gpointer               data;
  GDestroyNotify         data_free;
  GDestroyNotify         result_free;
  GCancellable          *cancellable;
  GTask                 *task;       /* async jobs */
  gboolean               quit;       /* stops the writer */

  /* Blocking jobs: the caller waits on @cond until @done. */
  GMutex                 mutex;
  GCond                  cond;
  gboolean               done;

  gboolean               ok;
  gpointer               result;
  GError                *error;
} Job;

typedef struct {
  BottegaStoreConn *conn;
  GAsyncQueue      *queue;
  GMainContext     *context;
  Hub              *hub;
} Writer;

struct _BottegaStore {
  GObject             parent_instance;

  char               *path;
  GMainContext       *context;
  Hub                *hub;

  GMutex              queue_mutex;   /* guards @closed against new jobs */
  GAsyncQueue        *queue;
  GThread            *writer;
  gboolean            closed;

  GRecMutex           read_mutex;
  BottegaStoreConn   *read_conn;
  BottegaStoreReader  reader;

  GRecMutex           search_mutex;
  BottegaStoreConn   *search_conn;
  BottegaStoreReader  search_reader;
  gboolean            search_closed;
};

G_DEFINE_FINAL_TYPE (BottegaStore, bottega_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CONVERSATIONS_CHANGED,
  MESSAGES_CHANGED,
  OUTBOX_CHANGED,
  ACCOUNTS_CHANGED,
  CATALOG_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (bottega-store-error-quark, bottega_store_error)

/* ---- signals, on the store's main context ---- */

typedef struct {
  Hub                 *hub;
  BottegaStoreChanges *changes;
} Emission;

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  hub_unref (emission->hub);
  bottega_store_changes_free (emission->changes);
  g_free (emission);
}

static gboolean
emit_changes (gpointer data)
{
  Emission *emission = data;
  g_autoptr(BottegaStore) self = g_weak_ref_get (&emission->hub->store);
  BottegaStoreChanges *changes = emission->changes;
  GHashTableIter iter;
  gpointer key;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (changes->accounts)
    g_signal_emit (self, signals[ACCOUNTS_CHANGED], 0);

  g_hash_table_iter_init (&iter, changes->conversations);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_signal_emit (self, signals[CONVERSATIONS_CHANGED], 0, *(gint64 *) key);

  g_hash_table_iter_init (&iter, changes->outbox);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_signal_emit (self, signals[OUTBOX_CHANGED], 0, *(gint64 *) key);

  g_hash_table_iter_init (&iter, changes->messages);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_signal_emit (self, signals[MESSAGES_CHANGED], 0, *(gint64 *) key);

  return G_SOURCE_REMOVE;
}

/* Always through an idle source: g_main_context_invoke() could run the
 * handlers right here on the writer thread when nobody owns the context. */
static void
attach_idle (GMainContext   *context,
             GSourceFunc     func,
             gpointer        data,
             GDestroyNotify  notify)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[bottega-store]");
  g_source_attach (source, context);
}

/* "catalog-changed": announced by bottega-store-catalog.c after its
 * writes return, so through its own idle. */
typedef struct {
  Hub    *hub;
  gint64  account_id;
} CatalogEmission;

static void
catalog_emission_free (gpointer data)
{
  CatalogEmission *emission = data;

  hub_unref (emission->hub);
  g_free (emission);
}

static gboolean
emit_catalog_changed (gpointer data)
{
  CatalogEmission *emission = data;
  g_autoptr(BottegaStore) self = g_weak_ref_get (&emission->hub->store);

  if (self != NULL)
    g_signal_emit (self, signals[CATALOG_CHANGED], 0, emission->account_id);

  return G_SOURCE_REMOVE;
}

void
bottega_store_emit_catalog_changed (BottegaStore *self,
                                    gint64        account_id)
{
  CatalogEmission *emission;

  g_assert (BOTTEGA_IS_STORE (self));

  if (self->context == NULL || self->hub == NULL)
    return;

  emission = g_new0 (CatalogEmission, 1);
  emission->hub = hub_ref (self->hub);
  emission->account_id = account_id;
  attach_idle (self->context, emit_catalog_changed, emission, catalog_emission_free);
}

/* ---- the writer thread ---- */

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  if (job->result_free != NULL && job->result != NULL)
    job->result_free (job->result);
  g_clear_error (&job->error);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->task);
  g_free (job);
}

static gboolean
complete_task (gpointer data)
{
  Job *job = data;

  if (!job->ok)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else if (job->result_free != NULL)
    g_task_return_pointer (job->task, g_steal_pointer (&job->result), job->result_free);
  else
    g_task_return_boolean (job->task, TRUE);

  return G_SOURCE_REMOVE;
}

static void
complete_task_free (gpointer data)
{
  job_free (data);
}

static void
job_complete (Job *job)
{
  if (job->task != NULL)
    {
      attach_idle (g_task_get_context (job->task), complete_task, job, complete_task_free);
      return;
    }

  /* A blocking caller owns the job; it must not be touched after this. */
  g_mutex_lock (&job->mutex);
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);
}

static gboolean
exec_cached (BottegaStoreConn  *conn,
             const char        *sql,
             GError           **error)
{
  g_autoptr(BottegaStmt) stmt = bottega_store_conn_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;

  return bottega_store_step_done (conn, stmt, SQLITE_OK, error);
}

static void
writer_run_job (Writer *writer,
                Job    *job)
{
  BottegaStoreConn *conn = writer->conn;
  g_autoptr(BottegaStoreChanges) changes = bottega_store_changes_new ();

  if (g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
    return;

  if (!exec_cached (conn, "BEGIN IMMEDIATE", &job->error))
    return;

  job->ok = job->func (conn, job->data, changes, &job->result, &job->error);
  if (job->ok)
    job->ok = exec_cached (conn, "COMMIT", &job->error);

  if (!job->ok)
    {
      g_autoptr(GError) rollback_error = NULL;

      if (job->error == NULL)
        g_set_error_literal (&job->error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FAILED,
                             _("Cannot save the change to the local database"));
      if (!sqlite3_get_autocommit (conn->db) &&
          !exec_cached (conn, "ROLLBACK", &rollback_error))
        g_warning ("%s", rollback_error->message);
      if (job->result_free != NULL && job->result != NULL)
        g_clear_pointer (&job->result, job->result_free);
      return;
    }

  if (!bottega_store_changes_is_empty (changes))
    {
      Emission *emission = g_new0 (Emission, 1);

      emission->hub = hub_ref (writer->hub);
      emission->changes = g_steal_pointer (&changes);
      attach_idle (writer->context, emit_changes, emission, emission_free);
    }
}

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;

  for (;;)
    {
      Job *job = g_async_queue_pop (writer->queue);

      if (job->quit)
        {
          job_free (job);
          break;
        }

      writer_run_job (writer, job);
      job_complete (job);
    }

  bottega_store_conn_close (writer->conn);
  g_async_queue_unref (writer->queue);
  g_main_context_unref (writer->context);
  hub_unref (writer->hub);
  g_free (writer);

  return NULL;
}

/* FALSE once the store is closed. */
static gboolean
submit (BottegaStore *self,
        Job          *job)
{
  gboolean accepted;

  g_mutex_lock (&self->queue_mutex);
  accepted = !self->closed;
  if (accepted)
    g_async_queue_push (self->queue, job);
  g_mutex_unlock (&self->queue_mutex);

  return accepted;
}

void
bottega_store_warn_read_error (const GError *error)
{
  if (g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
    g_debug ("%s", error->message);
  else
    g_warning ("%s", error->message);
}

static void
set_closed_error (GError **error)
{
  g_set_error_literal (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED,
                       _("The local database is already closed"));
}

gboolean
bottega_store_write (BottegaStore           *self,
                     BottegaStoreWriteFunc   func,
                     gpointer                data,
                     GCancellable           *cancellable,
                     gpointer               *result,
                     GDestroyNotify          result_free,
                     GError                **error)
{
  Job *job = g_new0 (Job, 1);
  gboolean ok;

  g_assert (BOTTEGA_IS_STORE (self));

  job->func = func;
  job->data = data;
  job->result_free = result_free;
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);

  if (!submit (self, job))
    {
      set_closed_error (error);
      g_mutex_clear (&job->mutex);
      g_cond_clear (&job->cond);
      job_free (job);
      return FALSE;
    }

  g_mutex_lock (&job->mutex);
  while (!job->done)
    g_cond_wait (&job->cond, &job->mutex);
  g_mutex_unlock (&job->mutex);

  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);

  ok = job->ok;
  if (ok && result != NULL)
    *result = g_steal_pointer (&job->result);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&job->error));
  job_free (job);

  return ok;
}

void
bottega_store_write_async (BottegaStore           *self,
                           BottegaStoreWriteFunc   func,
                           gpointer                data,
                           GDestroyNotify          data_free,
                           GDestroyNotify          result_free,
                           GTask                  *task)
{
  Job *job = g_new0 (Job, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_assert (BOTTEGA_IS_STORE (self));

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->task = g_object_ref (task);

  if (!submit (self, job))
    {
      set_closed_error (&job->error);
      job->ok = FALSE;
      attach_idle (g_task_get_context (task), complete_task, job, complete_task_free);
    }
}

/* ---- the reader ---- */

BottegaStoreReader *
bottega_store_reader_acquire (BottegaStore  *self,
                              GError       **error)
{
  g_assert (BOTTEGA_IS_STORE (self));

  g_rec_mutex_lock (&self->read_mutex);
  if (self->read_conn == NULL)
    {
      g_rec_mutex_unlock (&self->read_mutex);
      set_closed_error (error);
      return NULL;
    }

  self->reader.store = self;
  self->reader.conn = self->read_conn;
  self->reader.mutex = &self->read_mutex;
  return &self->reader;
}

BottegaStoreReader *
bottega_store_search_reader_acquire (BottegaStore  *self,
                                     GError       **error)
{
  g_assert (BOTTEGA_IS_STORE (self));

  g_rec_mutex_lock (&self->search_mutex);
  if (self->search_closed)
    {
      g_rec_mutex_unlock (&self->search_mutex);
      set_closed_error (error);
      return NULL;
    }
  if (self->search_conn == NULL)
    {
      self->search_conn = bottega_store_conn_open (self->path, error);
      if (self->search_conn != NULL &&
          !bottega_store_conn_exec (self->search_conn, "PRAGMA query_only = ON", error))
        g_clear_pointer (&self->search_conn, bottega_store_conn_close);
      if (self->search_conn == NULL)
        {
          g_rec_mutex_unlock (&self->search_mutex);
          return NULL;
        }
    }

  self->search_reader.store = self;
  self->search_reader.conn = self->search_conn;
  self->search_reader.mutex = &self->search_mutex;
  return &self->search_reader;
}

void
bottega_store_reader_release (BottegaStoreReader *reader)
{
  g_rec_mutex_unlock (reader->mutex);
}

/* ---- opening and migrations ---- */

static gboolean
query_int (BottegaStoreConn  *conn,
           const char        *sql,
           gint64            *value,
           GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (conn->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return bottega_store_set_error (error, conn, rc, _("Cannot read the local database"));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  else
    bottega_store_set_error (error, conn, rc, _("Cannot read the local database"));
  (void) sqlite3_finalize (stmt);

  return rc == SQLITE_ROW;
}

static gboolean
query_text_equals (BottegaStoreConn  *conn,
                   const char        *sql,
                   const char        *expected,
                   GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean equal = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (conn->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return bottega_store_set_error (error, conn, rc, _("Cannot configure the local database"));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    equal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), expected) == 0;
  else
    bottega_store_set_error (error, conn, rc, _("Cannot configure the local database"));
  (void) sqlite3_finalize (stmt);

  if (rc == SQLITE_ROW && !equal)
    /* Translators: %s is an SQLite command such as “PRAGMA journal_mode = WAL”; the
     * file system under the database may not support what it asks for */
    g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_OPEN,
                 _("The local database refused the setting “%s”; the folder it is in may not support it"),
                 sql);

  return equal;
}

typedef struct {
  guint  version;
  char  *name;
} Migration;

static void
migration_clear (gpointer data)
{
  Migration *migration = data;

  g_free (migration->name);
}

static int
compare_migrations (gconstpointer a,
                    gconstpointer b)
{
  const Migration *ma = a;
  const Migration *mb = b;

  return (ma->version > mb->version) - (ma->version < mb->version);
}

/* The migration files, "NNN-what.sql", in version order. */
static GArray *
list_migrations (GError **error)
{
  g_autoptr(GArray) migrations = g_array_new (FALSE, TRUE, sizeof (Migration));
  g_auto(GStrv) names = NULL;

  g_array_set_clear_func (migrations, migration_clear);

  names = g_resource_enumerate_children (bottega_store_get_resource (), MIGRATIONS_PATH,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      Migration migration;
      char *end = NULL;
      guint64 version;

      if (!g_str_has_suffix (names[i], ".sql"))
        continue;

      version = g_ascii_strtoull (names[i], &end, 10);
      if (end == names[i] || (*end != '-' && *end != '.') || version == 0 || version > G_MAXINT)
        {
          g_warning ("Ignoring the migration file “%s”: its name has no version", names[i]);
          continue;
        }

      migration.version = (guint) version;
      migration.name = g_strdup (names[i]);
      g_array_append_val (migrations, migration);
    }

  g_array_sort (migrations, compare_migrations);
  return g_steal_pointer (&migrations);
}

static gboolean
apply_migration (BottegaStoreConn  *conn,
                 const Migration   *migration,
                 GError           **error)
{
  g_autofree char *path = g_strconcat (MIGRATIONS_PATH, migration->name, NULL);
  g_autofree char *bump = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) rollback_error = NULL;
  gint64 version = 0;

  bytes = g_resource_lookup_data (bottega_store_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* PRAGMA takes no parameters; the version is an integer we parsed. */
  bump = g_strdup_printf ("PRAGMA user_version = %u", migration->version);

  if (!bottega_store_conn_exec (conn, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another process may have migrated while we waited for the lock. */
  if (!query_int (conn, "PRAGMA user_version", &version, error))
    goto rollback;
  if (version >= migration->version)
    return bottega_store_conn_exec (conn, "COMMIT", error);

  g_debug ("Applying migration %s", migration->name);
  if (!bottega_store_conn_exec (conn, sql, error) ||
      !bottega_store_conn_exec (conn, bump, error) ||
      !bottega_store_conn_exec (conn, "COMMIT", error))
    goto rollback;

  return TRUE;

rollback:
  if (!sqlite3_get_autocommit (conn->db) &&
      !bottega_store_conn_exec (conn, "ROLLBACK", &rollback_error))
    g_warning ("%s", rollback_error->message);
  /* Translators: %s is the name of a file that updates the database's layout,
   * such as “002-outbox.sql”; the reason follows */
  g_prefix_error (error, _("Cannot update the local database to this version of Bottega (%s): "),
                  migration->name);
  return FALSE;
}

static gboolean
migrate (BottegaStoreConn  *conn,
         gint64             version,
         GError           **error)
{
  g_autoptr(GArray) migrations = list_migrations (error);

  if (migrations == NULL)
    return FALSE;

  for (guint i = 0; i < migrations->len; i++)
    {
      const Migration *migration = &g_array_index (migrations, Migration, i);

      if (migration->version <= version)
        continue;
      if (migration->version > BOTTEGA_STORE_SCHEMA_VERSION)
        break;
      if (!apply_migration (conn, migration, error))
        return FALSE;
    }

  if (!query_int (conn, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version != BOTTEGA_STORE_SCHEMA_VERSION)
    {
      /* Translators: both numbers are versions of the database's layout */
      g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FAILED,
                   _("The local database has layout version %lld after the update, not %d"),
                   (long long) version, BOTTEGA_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_version (BottegaStoreConn  *conn,
               gint64            *version,
               GError           **error)
{
  /* The first read also tells a file that is not a database. */
  if (!query_int (conn, "PRAGMA user_version", version, error))
    return FALSE;

  if (*version > BOTTEGA_STORE_SCHEMA_VERSION)
    {
      /* Translators: both numbers are versions of the database's layout */
      g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_TOO_NEW,
                   _("The local database was written by a newer version of Bottega; "
                     "update Bottega to open it (layout %lld, this version knows %d)"),
                   (long long) *version, BOTTEGA_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

static BottegaStore *
open_store (const char    *path,
            GMainContext  *context,
            GError       **error)
{
  g_autoptr(BottegaStore) self = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  BottegaStoreConn *write_conn = NULL;
  BottegaStoreConn *read_conn = NULL;
  Writer *writer;
  gint64 version = 0;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      /* Translators: %s is the reason, such as “Permission denied” */
      g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_OPEN,
                   _("Cannot create the folder for the local database: %s"), g_strerror (saved_errno));
      return NULL;
    }

  write_conn = bottega_store_conn_open (path, error);
  if (write_conn == NULL)
    return NULL;

  /* Nothing may be written before the version is known to be ours: even
   * switching to WAL changes the file. */
  if (!check_version (write_conn, &version, error) ||
      !query_text_equals (write_conn, "PRAGMA journal_mode = WAL", "wal", error) ||
      !bottega_store_conn_exec (write_conn, "PRAGMA foreign_keys = ON", error) ||
      !bottega_store_conn_exec (write_conn, "PRAGMA synchronous = NORMAL", error) ||
      !migrate (write_conn, version, error))
    goto fail;

  read_conn = bottega_store_conn_open (path, error);
  if (read_conn == NULL ||
      !bottega_store_conn_exec (read_conn, "PRAGMA query_only = ON", error))
    goto fail;

  self = g_object_new (BOTTEGA_TYPE_STORE, "path", path, NULL);
  self->context = g_main_context_ref (context);
  self->hub = hub_new (self);
  self->read_conn = read_conn;

  writer = g_new0 (Writer, 1);
  writer->conn = write_conn;
  writer->queue = g_async_queue_ref (self->queue);
  writer->context = g_main_context_ref (context);
  writer->hub = hub_ref (self->hub);
  self->writer = g_thread_new ("bottega-store", writer_thread, writer);

  return g_steal_pointer (&self);

fail:
  bottega_store_conn_close (read_conn);
  /* A refused database is left as it is: not even its WAL is checkpointed
   * into it on the way out. */
  if (sqlite3_db_config (write_conn->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL) != SQLITE_OK)
    g_warning ("Cannot keep the database from being checkpointed");
  bottega_store_conn_close (write_conn);
  return NULL;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GMainContext *context = g_task_get_context (task);
  const char *path = task_data;
  GError *error = NULL;
  BottegaStore *store;

  if (g_task_return_error_if_cancelled (task))
    return;

  store = open_store (path, context, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
bottega_store_open_async (const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

BottegaStore *
bottega_store_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bottega_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

BottegaStore *
bottega_store_open (const char  *path,
                    GError     **error)
{
  g_autoptr(GMainContext) context = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = g_main_context_ref_thread_default ();
  return open_store (path, context, error);
}

const char *
bottega_store_get_path (BottegaStore *self)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), NULL);

  return self->path;
}

char *
bottega_store_default_path (const char *data_dir)
{
  if (data_dir != NULL)
    return g_build_filename (data_dir, "bottega.db", NULL);

  return g_build_filename (g_get_user_data_dir (), "bottega", "bottega.db", NULL);
}

void
bottega_store_close (BottegaStore *self)
{
  Job *quit;

  g_return_if_fail (BOTTEGA_IS_STORE (self));

  g_mutex_lock (&self->queue_mutex);
  if (self->closed)
    {
      g_mutex_unlock (&self->queue_mutex);
      return;
    }
  self->closed = TRUE;
  if (self->writer != NULL)
    {
      quit = g_new0 (Job, 1);
      quit->quit = TRUE;
      g_async_queue_push (self->queue, quit);
    }
  g_mutex_unlock (&self->queue_mutex);

  if (self->writer != NULL)
    {
      /* The last reference may be dropped by a job on the writer thread
       * itself: it then finishes the queue on its own. */
      if (g_thread_self () == self->writer)
        g_thread_unref (self->writer);
      else
        g_thread_join (self->writer);
      self->writer = NULL;
    }

  g_rec_mutex_lock (&self->read_mutex);
  g_clear_pointer (&self->read_conn, bottega_store_conn_close);
  g_rec_mutex_unlock (&self->read_mutex);

  g_rec_mutex_lock (&self->search_mutex);
  self->search_closed = TRUE;
  g_clear_pointer (&self->search_conn, bottega_store_conn_close);
  g_rec_mutex_unlock (&self->search_mutex);
}

/* ---- GObject ---- */

static void
bottega_store_dispose (GObject *object)
{
  BottegaStore *self = BOTTEGA_STORE (object);

  bottega_store_close (self);

  G_OBJECT_CLASS (bottega_store_parent_class)->dispose (object);
}

static void
bottega_store_finalize (GObject *object)
{
  BottegaStore *self = BOTTEGA_STORE (object);

  g_clear_pointer (&self->hub, hub_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->queue_mutex);
  g_rec_mutex_clear (&self->read_mutex);
  g_rec_mutex_clear (&self->search_mutex);

  G_OBJECT_CLASS (bottega_store_parent_class)->finalize (object);
}

static void
bottega_store_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BottegaStore *self = BOTTEGA_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_store_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BottegaStore *self = BOTTEGA_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_store_class_init (BottegaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bottega_store_dispose;
  object_class->finalize = bottega_store_finalize;
  object_class->get_property = bottega_store_get_property;
  object_class->set_property = bottega_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BottegaStore::conversations-changed:
   * @account_id: the local id of the account whose conversations changed
   */
  signals[CONVERSATIONS_CHANGED] =
    g_signal_new ("conversations-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * BottegaStore::messages-changed:
   * @conversation_id: the local id of the conversation whose messages changed
   */
  signals[MESSAGES_CHANGED] =
    g_signal_new ("messages-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * BottegaStore::outbox-changed:
   * @account_id: the local id of the account whose outbox changed
   */
  signals[OUTBOX_CHANGED] =
    g_signal_new ("outbox-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * BottegaStore::accounts-changed:
   */
  signals[ACCOUNTS_CHANGED] =
    g_signal_new ("accounts-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * BottegaStore::catalog-changed:
   * @account_id: the local id of the account whose products or catalog
   *   source changed
   */
  signals[CATALOG_CHANGED] =
    g_signal_new ("catalog-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
bottega_store_init (BottegaStore *self)
{
  g_mutex_init (&self->queue_mutex);
  g_rec_mutex_init (&self->read_mutex);
  g_rec_mutex_init (&self->search_mutex);
  self->queue = g_async_queue_new ();
}

/* ---- batches ---- */

static gboolean
write_batch_func (BottegaStoreConn     *conn,
                  gpointer              data,
                  BottegaStoreChanges  *changes,
                  gpointer             *result,
                  GError              **error)
{
  return bottega_store_batch_apply (data, conn, changes, error);
}

void
bottega_store_write_batch_async (BottegaStore        *self,
                                 BottegaStoreBatch   *batch,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BOTTEGA_IS_STORE (self));
  g_return_if_fail (batch != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_store_write_batch_async);
  bottega_store_write_async (self, write_batch_func, bottega_store_batch_ref (batch),
                             (GDestroyNotify) bottega_store_batch_unref, NULL, task);
}

gboolean
bottega_store_write_batch_finish (BottegaStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bottega_store_write_batch_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
bottega_store_write_batch (BottegaStore       *self,
                           BottegaStoreBatch  *batch,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return bottega_store_write (self, write_batch_func, batch, cancellable, NULL, NULL, error);
}

/* ---- accounts ---- */

static gboolean
save_account_func (BottegaStoreConn     *conn,
                   gpointer              data,
                   BottegaStoreChanges  *changes,
                   gpointer             *result,
                   GError              **error)
{
  BottegaAccount *account = data;
  g_autoptr(BottegaStmt) stmt = NULL;
  gint64 *id;
  int rc = SQLITE_OK;

  /* A stored account is updated by its id, so that it can follow its server
   * to a new address (the demo shop listens on a new port each run). */
  if (bottega_account_get_id (account) != 0)
    stmt = bottega_store_conn_prepare (conn,
                                       "UPDATE accounts SET url = ?1, remote_id = ?2, user_id = ?3, "
                                       "  name = ?4, user_name = ?5, is_demo = ?6, needs_auth = ?7 "
                                       "WHERE id = ?8 "
                                       "RETURNING id",
                                       error);
  else
  stmt = bottega_store_conn_prepare (conn,
                                     "INSERT INTO accounts (url, remote_id, user_id, name, user_name, "
                                     "                      is_demo, needs_auth) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                     "ON CONFLICT (url, remote_id) DO UPDATE SET "
                                     "  user_id = excluded.user_id, name = excluded.name, "
                                     "  user_name = excluded.user_name, is_demo = excluded.is_demo, "
                                     "  needs_auth = excluded.needs_auth "
                                     "RETURNING id",
                                     error);
  if (stmt == NULL)
    return FALSE;

  bottega_bind_text (stmt, 1, bottega_account_get_url (account), &rc);
  bottega_bind_int64 (stmt, 2, bottega_account_get_remote_id (account), &rc);
  bottega_bind_int64 (stmt, 3, bottega_account_get_user_id (account), &rc);
  bottega_bind_text (stmt, 4, bottega_account_get_name (account), &rc);
  bottega_bind_text (stmt, 5, bottega_account_get_user_name (account), &rc);
  bottega_bind_int64 (stmt, 6, bottega_account_get_is_demo (account), &rc);
  bottega_bind_int64 (stmt, 7, bottega_account_get_needs_auth (account), &rc);
  if (bottega_account_get_id (account) != 0)
    bottega_bind_int64 (stmt, 8, bottega_account_get_id (account), &rc);

  rc = bottega_store_step (conn, stmt, rc, error);
  if (rc == SQLITE_DONE)
    {
      /* Translators: %lld is an internal number of the account */
      g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND,
                   _("The account is no longer in the local database (id %lld)"),
                   (long long) bottega_account_get_id (account));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return FALSE;

  id = g_new (gint64, 1);
  *id = sqlite3_column_int64 (stmt, 0);
  *result = id;

  if (!bottega_store_step_done (conn, stmt, rc, error))
    return FALSE;

  changes->accounts = TRUE;
  return TRUE;
}

gboolean
bottega_store_save_account (BottegaStore    *self,
                            BottegaAccount  *account,
                            GError         **error)
{
  g_autofree gint64 *id = NULL;

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (BOTTEGA_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (bottega_account_get_url (account) != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bottega_store_write (self, save_account_func, account, NULL,
                            (gpointer *) &id, g_free, error))
    return FALSE;

  bottega_account_set_id (account, *id);
  return TRUE;
}

typedef struct {
  gint64   account_id;
  gboolean needs_auth;
} AccountChange;

static gboolean
delete_account_func (BottegaStoreConn     *conn,
                     gpointer              data,
                     BottegaStoreChanges  *changes,
                     gpointer             *result,
                     GError              **error)
{
  AccountChange *change = data;
  int rc = SQLITE_OK;

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    /* Open message lists of the account's conversations must hear of it. */
    stmt = bottega_store_conn_prepare (conn,
                                       "SELECT id FROM conversations WHERE account_id = ?1",
                                       error);
    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, change->account_id, &rc);
    while ((rc = bottega_store_step (conn, stmt, rc, error)) == SQLITE_ROW)
      bottega_store_changes_add_messages (changes, sqlite3_column_int64 (stmt, 0));
    if (rc != SQLITE_DONE)
      return FALSE;
  }

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn, "DELETE FROM accounts WHERE id = ?1", error);
    if (stmt == NULL)
      return FALSE;
    rc = SQLITE_OK;
    bottega_bind_int64 (stmt, 1, change->account_id, &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  if (sqlite3_changes (conn->db) == 0)
    {
      /* Translators: %lld is an internal number of the account */
      g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND,
                   _("The account is no longer in the local database (id %lld)"),
                   (long long) change->account_id);
      return FALSE;
    }

  changes->accounts = TRUE;
  bottega_store_changes_add_conversations (changes, change->account_id);
  bottega_store_changes_add_outbox (changes, change->account_id);
  return TRUE;
}

gboolean
bottega_store_delete_account (BottegaStore  *self,
                              gint64         account_id,
                              GError       **error)
{
  AccountChange change = { account_id, FALSE };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return bottega_store_write (self, delete_account_func, &change, NULL, NULL, NULL, error);
}

static gboolean
set_needs_auth_func (BottegaStoreConn     *conn,
                     gpointer              data,
                     BottegaStoreChanges  *changes,
                     gpointer             *result,
                     GError              **error)
{
  AccountChange *change = data;
  g_autoptr(BottegaStmt) stmt = NULL;
  int rc = SQLITE_OK;

  stmt = bottega_store_conn_prepare (conn,
                                     "UPDATE accounts SET needs_auth = ?2 WHERE id = ?1",
                                     error);
  if (stmt == NULL)
    return FALSE;

  bottega_bind_int64 (stmt, 1, change->account_id, &rc);
  bottega_bind_int64 (stmt, 2, change->needs_auth ? 1 : 0, &rc);
  if (!bottega_store_step_done (conn, stmt, rc, error))
    return FALSE;

  if (sqlite3_changes (conn->db) == 0)
    {
      /* Translators: %lld is an internal number of the account */
      g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND,
                   _("The account is no longer in the local database (id %lld)"),
                   (long long) change->account_id);
      return FALSE;
    }

  changes->accounts = TRUE;
  return TRUE;
}

gboolean
bottega_store_set_account_needs_auth (BottegaStore  *self,
                                      gint64         account_id,
                                      gboolean       needs_auth,
                                      GError       **error)
{
  AccountChange change = { account_id, needs_auth };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return bottega_store_write (self, set_needs_auth_func, &change, NULL, NULL, NULL, error);
}

/* ---- drafts ---- */

typedef struct {
  gint64  conversation_id;
  char   *text;
} Draft;

static void
draft_free (gpointer data)
{
  Draft *draft = data;

  g_free (draft->text);
  g_free (draft);
}

static gboolean
save_draft_func (BottegaStoreConn     *conn,
                 gpointer              data,
                 BottegaStoreChanges  *changes,
                 gpointer             *result,
                 GError              **error)
{
  Draft *draft = data;
  gint64 account_id;
  int rc = SQLITE_OK;

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    stmt = bottega_store_conn_prepare (conn,
                                       "SELECT account_id FROM conversations WHERE id = ?1",
                                       error);
    if (stmt == NULL)
      return FALSE;
    bottega_bind_int64 (stmt, 1, draft->conversation_id, &rc);
    rc = bottega_store_step (conn, stmt, rc, error);
    if (rc == SQLITE_DONE)
      {
        /* Translators: %lld is an internal number of the conversation */
        g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND,
                     _("The conversation is no longer in the local database (id %lld)"),
                     (long long) draft->conversation_id);
        return FALSE;
      }
    if (rc != SQLITE_ROW)
      return FALSE;
    account_id = sqlite3_column_int64 (stmt, 0);
  }

  {
    g_autoptr(BottegaStmt) stmt = NULL;

    rc = SQLITE_OK;
    if (draft->text == NULL || draft->text[0] == '\0')
      {
        stmt = bottega_store_conn_prepare (conn,
                                           "DELETE FROM drafts WHERE conversation_id = ?1",
                                           error);
        if (stmt == NULL)
          return FALSE;
      }
    else
      {
        /* Unchanged text writes nothing and announces nothing. */
        stmt = bottega_store_conn_prepare (conn,
                                           "INSERT INTO drafts (conversation_id, text, updated_at) "
                                           "VALUES (?1, ?2, ?3) "
                                           "ON CONFLICT (conversation_id) DO UPDATE SET "
                                           "  text = excluded.text, updated_at = excluded.updated_at "
                                           "WHERE drafts.text IS NOT excluded.text",
                                           error);
        if (stmt == NULL)
          return FALSE;
        bottega_bind_text (stmt, 2, draft->text, &rc);
        bottega_bind_int64 (stmt, 3, bottega_store_now (), &rc);
      }

    bottega_bind_int64 (stmt, 1, draft->conversation_id, &rc);
    if (!bottega_store_step_done (conn, stmt, rc, error))
      return FALSE;
  }

  if (sqlite3_changes (conn->db) > 0)
    bottega_store_changes_add_conversations (changes, account_id);

  return TRUE;
}

void
bottega_store_save_draft_async (BottegaStore        *self,
                                gint64               conversation_id,
                                const char          *text,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Draft *draft;

  g_return_if_fail (BOTTEGA_IS_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_store_save_draft_async);

  draft = g_new0 (Draft, 1);
  draft->conversation_id = conversation_id;
  draft->text = g_strdup (text);
  bottega_store_write_async (self, save_draft_func, draft, draft_free, NULL, task);
}

gboolean
bottega_store_save_draft_finish (BottegaStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bottega_store_save_draft_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
bottega_store_save_draft (BottegaStore  *self,
                          gint64         conversation_id,
                          const char    *text,
                          GError       **error)
{
  Draft draft = { conversation_id, (char *) text };

  g_return_val_if_fail (BOTTEGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return bottega_store_write (self, save_draft_func, &draft, NULL, NULL, NULL, error);
}
