/* bottega-cli.h: bottegactl, Bottega on the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs one bottegactl command; returns the process exit status. */
int bottega_cli_run (int    argc,
                     char **argv);

G_END_DECLS
