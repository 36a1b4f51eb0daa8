/* bottega-test-helpers.h: a temporary home, a sandbox and a store for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bottega-store.h"

G_BEGIN_DECLS

/* Points XDG_DATA_HOME, XDG_CACHE_HOME and the keyring file at a fresh
 * temporary directory, which it returns (removed by test_home_free). */
char *test_home_new  (void);
void  test_home_free (char *home);

/* Runs the default main context until @flag is TRUE or @seconds pass. */
gboolean test_wait_for (gboolean *flag, guint seconds);

/* Opens the database at @path read-only from outside the store and asserts
 * that PRAGMA integrity_check finds nothing wrong. */
void test_assert_database_intact (const char *path);

/* A launcher for the programs a test runs (bottegactl). In the sanitizer
 * run they get BOTTEGA_TEST_CHILD_ASAN_OPTIONS as their ASAN_OPTIONS:
 * LeakSanitizer's exit-time tracer crashes now and then in a short-lived
 * GLib program with threads (a fault of the tool, with clang 14 and 16
 * alike), and a test that runs dozens of them would fail on it. */
GSubprocessLauncher *test_launcher_new (GSubprocessFlags flags);

G_END_DECLS
