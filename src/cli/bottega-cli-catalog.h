/* bottega-cli-catalog.h: bottegactl catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "bottegactl catalog import FILE | search QUERY | refresh": @argv[1] is
 * the sub-command, the rest its words and options (--account ID,
 * --data-dir DIR, --limit N). Returns the exit status. */
int bottega_cli_catalog_run (int    argc,
                             char **argv);

G_END_DECLS
