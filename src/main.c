/* main.c: bottega, the desktop app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "bottega-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(BottegaApplication) app = NULL;
  const char *localedir = NULL;

  /* The translations of the build tree: `meson devenv` and the tests set
   * BOTTEGA_LOCALEDIR to the build's po/ folder, where the .mo files are. */
  localedir = g_getenv ("BOTTEGA_LOCALEDIR");
  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Bottega"));

  app = bottega_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
