/* bottega-bench.c: measurements of the real app for `bottegactl bench`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bottega-bench.h"
#include "bottega-conversation-row.h"
#include "bottega-message-row.h"
#include "bottega-window.h"

/* The watchdog's period while a sync runs: a tick that comes later than
 * this is a main-loop stall of the difference. */
#define WATCHDOG_MS     5
/* One conversation that never shows its newest message does not hang the
 * whole run. */
#define OPEN_TIMEOUT_S  20

typedef enum {
  MODE_STARTUP,
  MODE_OPEN,
  MODE_OPEN_MANY,
  MODE_STALL,
  MODE_IDLE,
} Mode;

typedef struct {
  Mode                mode;
  gint64              arg;
  BottegaApplication *app;
  GtkWidget          *window;
  gboolean            started_up;

  /* opening conversations */
  gboolean            opening;
  gint64              target;        /* message id to see, 0 = any frame */
  gint64              open_started;  /* monotonic µs */
  guint               next_position;
  guint               n_opened;
  guint               open_timeout_id;
  gint64              slowest_open;

  /* the sync */
  BottegaSyncEngine  *engine;
  guint               find_engine_id;
  guint               watchdog_id;
  guint               tick_id;
  gboolean            syncing;
  gint64              sync_started;
  gint64              last_tick;
  gint64              last_tick_cpu;
  gint64              max_stall;
  gint64              max_stall_cpu;
  gint64              last_frame;
  gint64              max_frame_gap;
  gboolean            done;
} Bench;

static Bench *bench;

/* Milliseconds since this process started, from /proc/self/stat. */
static double
ms_since_process_start (void)
{
  g_autofree char *stat = NULL;
  const char *p;
  struct timespec now;
  unsigned long long start_ticks = 0;
  long hz = sysconf (_SC_CLK_TCK);

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (p = strrchr (stat, ')')) == NULL ||
      clock_gettime (CLOCK_BOOTTIME, &now) != 0 || hz <= 0)
    return -1;

  /* Field 22, starttime; p is at the end of field 2. */
  for (int field = 2; field < 22 && p != NULL; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL || sscanf (p + 1, "%llu", &start_ticks) != 1)
    return -1;

  return (now.tv_sec * 1000.0 + now.tv_nsec / 1e6) - (double) start_ticks * 1000.0 / (double) hz;
}

/* Processor time of the whole process (every thread) so far: unlike the
 * wall clock, other processes on a busy machine do not lengthen it. */
static double
process_cpu_ms (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return -1;
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static long
resident_kb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (p = strstr (status, "VmRSS:")) == NULL)
    return -1;

  return strtol (p + strlen ("VmRSS:"), NULL, 10);
}

static void G_GNUC_PRINTF (1, 2)
report (const char *format,
        ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  printf ("bench %s mono-us=%" G_GINT64_FORMAT "\n", text, g_get_monotonic_time ());
  fflush (stdout);
}

/* Ends the run at once: the measurement is taken, and a clean shutdown
 * (drafts, the writer's queue) has nothing of the benchmark's to keep. */
static void G_GNUC_NORETURN
finish (void)
{
  fflush (stdout);
  _exit (0);
}

/* ---- the widget tree ---- */

typedef gboolean (*WidgetTest) (GtkWidget *widget, gpointer data);

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             gboolean    mapped_only,
             WidgetTest  test,
             gpointer    data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (mapped_only && !gtk_widget_get_mapped (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && (test == NULL || test (child, data)))
        return child;
      if ((found = find_widget (child, type, mapped_only, test, data)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_mapped (GtkWidget  *root,
             GType       type,
             WidgetTest  test,
             gpointer    data)
{
  return find_widget (root, type, TRUE, test, data);
}

static gboolean
is_conversation_list (GtkWidget *widget,
                      gpointer   data)
{
  GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (widget));
  GListModel *inner;

  /* GTK 4.8's selection models say G_TYPE_OBJECT: ask the model inside. */
  if (!GTK_IS_SINGLE_SELECTION (model) ||
      (inner = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model))) == NULL)
    return FALSE;
  /* The window's list reveals its rows through a slice. */
  if (GTK_IS_SLICE_LIST_MODEL (inner))
    inner = gtk_slice_list_model_get_model (GTK_SLICE_LIST_MODEL (inner));
  return inner != NULL && g_list_model_get_item_type (inner) == BOTTEGA_TYPE_CONVERSATION;
}

/* The list of conversations (which an empty store may leave unmapped,
 * behind an empty state). */
static GListModel *
conversation_model (void)
{
  GtkWidget *list = find_widget (bench->window, GTK_TYPE_LIST_VIEW, FALSE, is_conversation_list, NULL);

  return list != NULL ? G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))) : NULL;
}

static gboolean
row_has_conversation (GtkWidget *widget,
                      gpointer   data)
{
  return bottega_conversation_row_get_conversation (BOTTEGA_CONVERSATION_ROW (widget)) != NULL;
}

static gboolean
row_shows_message (GtkWidget *widget,
                   gpointer   data)
{
  BottegaMessage *message = bottega_message_row_get_message (BOTTEGA_MESSAGE_ROW (widget));

  return message != NULL && bottega_message_get_id (message) == *(gint64 *) data;
}

/* The window shows conversation rows, or the empty list of a store with
 * none. */
static gboolean
shows_conversations (void)
{
  GListModel *model;

  if (bottega_application_get_store (bench->app) == NULL)
    return FALSE;
  if (find_mapped (bench->window, BOTTEGA_TYPE_CONVERSATION_ROW, row_has_conversation, NULL) != NULL)
    return TRUE;

  model = conversation_model ();
  return model != NULL && g_list_model_get_n_items (model) == 0;
}

/* ---- opening conversations ---- */

static void open_next (void);

static gboolean
open_timed_out (gpointer data)
{
  bench->open_timeout_id = 0;
  report ("error=open-timeout position=%u", bench->next_position);
  finish ();
}

static void
open_conversation (gint64 conversation_id,
                   gint64 newest_message_id)
{
  bench->opening = TRUE;
  bench->target = newest_message_id;
  bench->open_started = g_get_monotonic_time ();
  g_clear_handle_id (&bench->open_timeout_id, g_source_remove);
  bench->open_timeout_id = g_timeout_add_seconds (OPEN_TIMEOUT_S, open_timed_out, NULL);
  gtk_widget_activate_action (bench->window, "win.open-conversation", "x", conversation_id);
  gtk_widget_queue_draw (bench->window);
}

static gboolean
open_next_idle (gpointer data)
{
  open_next ();
  return G_SOURCE_REMOVE;
}

static void
opened (void)
{
  gint64 took = g_get_monotonic_time () - bench->open_started;

  bench->opening = FALSE;
  g_clear_handle_id (&bench->open_timeout_id, g_source_remove);
  bench->slowest_open = MAX (bench->slowest_open, took);

  if (bench->mode == MODE_OPEN)
    {
      report ("open-conversation-ms=%.1f", took / 1000.0);
      finish ();
    }

  bench->n_opened++;
  g_idle_add (open_next_idle, NULL);
}

static void
open_next (void)
{
  GListModel *model = conversation_model ();
  g_autoptr(BottegaConversation) conversation = NULL;
  BottegaMessage *last;

  if (model != NULL && bench->next_position < (guint) bench->arg)
    conversation = g_list_model_get_item (model, bench->next_position++);

  if (conversation == NULL)
    {
      report ("rss-kb=%ld opened=%u slowest-open-ms=%.1f", resident_kb (), bench->n_opened,
              bench->slowest_open / 1000.0);
      finish ();
    }

  last = bottega_conversation_get_last_message (conversation);
  open_conversation (bottega_conversation_get_id (conversation),
                     last != NULL ? bottega_message_get_id (last) : 0);
}

static void
start_opening (void)
{
  if (bench->mode == MODE_OPEN)
    {
      BottegaStore *store = bottega_application_get_store (bench->app);
      g_autoptr(BottegaConversation) conversation = NULL;
      g_autoptr(GError) error = NULL;
      BottegaMessage *last;

      conversation = bottega_store_get_conversation (store, bench->arg, &error);
      if (conversation == NULL)
        {
          report ("error=no-such-conversation");
          finish ();
        }
      last = bottega_conversation_get_last_message (conversation);
      open_conversation (bench->arg, last != NULL ? bottega_message_get_id (last) : 0);
    }
  else
    {
      open_next ();
    }
}

/* ---- the sync ---- */

static void
sync_finished (void)
{
  gint64 now = g_get_monotonic_time ();

  bench->done = TRUE;
  if (bench->mode == MODE_IDLE)
    {
      report ("idle-ready realtime=%d", bottega_sync_engine_get_realtime_connected (bench->engine));
      return;
    }

  report ("stall-ms=%.1f stall-cpu-ms=%.1f frame-gap-ms=%.1f sync-ms=%.0f state=%d",
          bench->max_stall / 1000.0, bench->max_stall_cpu / 1000.0, bench->max_frame_gap / 1000.0,
          (now - bench->sync_started) / 1000.0, bottega_sync_engine_get_state (bench->engine));
  finish ();
}

static void
on_state (BottegaSyncEngine *engine)
{
  BottegaSyncState state = bottega_sync_engine_get_state (engine);

  if (bench->done)
    return;
  /* Idle: a quick catch-up may be over before the engine is found. */
  if (bench->mode == MODE_IDLE && state == BOTTEGA_SYNC_STATE_ONLINE)
    {
      sync_finished ();
      return;
    }
  if (state == BOTTEGA_SYNC_STATE_SYNCING && !bench->syncing)
    {
      bench->syncing = TRUE;
      bench->sync_started = g_get_monotonic_time ();
      bench->max_stall = bench->max_stall_cpu = bench->max_frame_gap = 0;
      bench->last_tick = bench->last_frame = 0;
    }
  else if (bench->syncing && state != BOTTEGA_SYNC_STATE_SYNCING)
    {
      sync_finished ();
    }
}

/* The main thread's own processor time, in µs: a gap that other processes
 * caused (a busy machine) is not a stall of ours. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
watchdog_tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (bench->syncing && bench->last_tick != 0)
    {
      bench->max_stall = MAX (bench->max_stall, now - bench->last_tick - WATCHDOG_MS * 1000);
      bench->max_stall_cpu = MAX (bench->max_stall_cpu, cpu - bench->last_tick_cpu);
    }
  bench->last_tick = now;
  bench->last_tick_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static gboolean
frame_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  if (bench->syncing && bench->last_frame != 0)
    bench->max_frame_gap = MAX (bench->max_frame_gap, now - bench->last_frame);
  bench->last_frame = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
find_engine (gpointer data)
{
  BottegaStore *store = bottega_application_get_store (bench->app);
  g_autoptr(GPtrArray) accounts = NULL;

  if (store == NULL || (accounts = bottega_store_list_accounts (store, NULL)) == NULL || accounts->len == 0)
    return G_SOURCE_CONTINUE;

  bench->engine = bottega_application_get_engine (bench->app,
                                                  bottega_account_get_id (g_ptr_array_index (accounts, 0)));
  if (bench->engine == NULL)
    return G_SOURCE_CONTINUE;

  g_object_ref (bench->engine);
  bench->find_engine_id = 0;
  g_signal_connect (bench->engine, "notify::state", G_CALLBACK (on_state), NULL);
  on_state (bench->engine);
  return G_SOURCE_REMOVE;
}

/* ---- frames ---- */

static void
after_paint (GdkFrameClock *clock,
             gpointer       data)
{
  if (!bench->started_up)
    {
      if (!shows_conversations ())
        return;

      bench->started_up = TRUE;
      if (bench->mode == MODE_STARTUP || (bench->mode == MODE_OPEN_MANY && bench->arg == 0))
        {
          if (bench->mode == MODE_STARTUP)
            report ("startup-ms=%.1f cpu-ms=%.1f", ms_since_process_start (), process_cpu_ms ());
          else
            report ("rss-kb=%ld opened=0 slowest-open-ms=0", resident_kb ());
          finish ();
        }
      if (bench->mode == MODE_OPEN || bench->mode == MODE_OPEN_MANY)
        start_opening ();
      return;
    }

  if (bench->opening &&
      (bench->target == 0 ||
       find_mapped (bench->window, BOTTEGA_TYPE_MESSAGE_ROW, row_shows_message, &bench->target) != NULL))
    opened ();
}

static void
on_window_realized (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);
  if (bench->mode == MODE_STALL)
    bench->tick_id = gtk_widget_add_tick_callback (window, frame_tick, NULL, NULL);
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window)
{
  if (!BOTTEGA_IS_WINDOW (window) || bench->window != NULL)
    return;

  bench->window = GTK_WIDGET (window);
  if (gtk_widget_get_realized (bench->window))
    on_window_realized (bench->window);
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_window_realized), NULL);
}

void
bottega_bench_init (BottegaApplication *application)
{
  const char *value = g_getenv ("BOTTEGA_BENCH");
  const char *colon;

  g_return_if_fail (BOTTEGA_IS_APPLICATION (application));

  if (value == NULL || value[0] == '\0' || bench != NULL)
    return;

  bench = g_new0 (Bench, 1);
  bench->app = application;
  colon = strchr (value, ':');
  if (colon != NULL)
    bench->arg = g_ascii_strtoll (colon + 1, NULL, 10);

  if (g_str_has_prefix (value, "startup"))
    bench->mode = MODE_STARTUP;
  else if (g_str_has_prefix (value, "open-conversation:"))
    bench->mode = MODE_OPEN;
  else if (g_str_has_prefix (value, "open-many:"))
    bench->mode = MODE_OPEN_MANY;
  else if (g_str_has_prefix (value, "stall"))
    bench->mode = MODE_STALL;
  else if (g_str_has_prefix (value, "idle"))
    bench->mode = MODE_IDLE;
  else
    {
      g_warning ("Unknown BOTTEGA_BENCH mode “%s”", value);
      g_clear_pointer (&bench, g_free);
      return;
    }

  g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), NULL);

  if (bench->mode == MODE_STALL || bench->mode == MODE_IDLE)
    bench->find_engine_id = g_timeout_add (100, find_engine, NULL);
  if (bench->mode == MODE_STALL)
    bench->watchdog_id = g_timeout_add_full (G_PRIORITY_HIGH, WATCHDOG_MS, watchdog_tick, NULL, NULL);
}
