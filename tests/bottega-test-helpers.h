/* bottega-test-helpers.h: a temporary home, a sandbox and a store for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

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

G_END_DECLS
