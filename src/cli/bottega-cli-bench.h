/* bottega-cli-bench.h: `bottegactl bench`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Generates synthetic shops (cached under --work-dir), measures ingest,
 * search, and the real `bottega` binary under the current display, and
 * prints a table. Returns the process exit status. */
int bottega_cli_bench (int    argc,
                       char **argv);

G_END_DECLS
