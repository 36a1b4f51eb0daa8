/* main.c: bottegactl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "bottega-cli.h"

int
main (int    argc,
      char **argv)
{
  /* BOTTEGA_LOCALEDIR: the build tree's translations (meson devenv, tests) */
  const char *localedir = g_getenv ("BOTTEGA_LOCALEDIR");

  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return bottega_cli_run (argc, argv);
}
