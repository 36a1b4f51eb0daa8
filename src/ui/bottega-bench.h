/* bottega-bench.h: measurements of the real app for `bottegactl bench`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-application.h"

G_BEGIN_DECLS

/* Reads BOTTEGA_BENCH once; when it is unset this does nothing else and
 * nothing of the rest of this file ever runs. Otherwise it measures, prints
 * one line "bench KEY=VALUE …" to standard output and, for every mode but
 * "idle", exits:
 *   startup                 the first frame that shows conversation rows
 *                           (or the empty list of an empty store)
 *   open-conversation:ID    then opens the conversation with local id ID:
 *                           the first frame that shows its newest message
 *   open-many:N             then opens the first N conversations of the list
 *                           one after another, each to its newest message;
 *                           resident memory (VmRSS) after the last
 *   stall                   the longest main-loop stall and frame gap while
 *                           the first sync of the first account runs
 *   idle                    prints "bench idle-ready" once the first sync is
 *                           done and then stays, adding no timer of its own
 * Times are milliseconds from the start of the process (and mono-us, the
 * monotonic clock, for the caller's own reckoning). Call first thing in
 * the application's startup. */
void bottega_bench_init (BottegaApplication *application);

G_END_DECLS
