/* test-window-settings.c: the main window takes its size and state from the settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A widget test: runs under the suite's virtual display, with the memory
 * settings backend and the build tree's schema (tests/meson.build). Xvfb
 * has no window manager, so "maximized" is checked as the window asks for
 * it, before it is shown; tests/e2e/test-window-state.py restores the size
 * and the open conversation across a real restart.
 */
#include "config.h"

#include <adwaita.h>

#include "bottega-window.h"

/* The interface resources (bottega-ui-resources.h, generated). */
GResource *bottega_ui_get_resource (void);

static GSettings *
settings_new (void)
{
  GSettings *settings = g_settings_new (APPLICATION_ID);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
  return settings;
}

/* A window that was maximized when Bottega closed opens maximized, at the
 * size it had before; the setting is not lost while the window is made. */
static void
test_restored_maximized (void)
{
  g_autoptr(GSettings) settings = settings_new ();
  BottegaWindow *window;
  int width = 0, height = 0;

  g_settings_set_int (settings, "window-width", 777);
  g_settings_set_int (settings, "window-height", 555);
  g_settings_set_boolean (settings, "window-maximized", TRUE);

  window = g_object_new (BOTTEGA_TYPE_WINDOW, NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 777);
  g_assert_cmpint (height, ==, 555);
  g_assert_true (gtk_window_is_maximized (GTK_WINDOW (window)));
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_restored_normal (void)
{
  g_autoptr(GSettings) settings = settings_new ();
  BottegaWindow *window;
  int width = 0, height = 0;

  g_settings_set_int (settings, "window-width", 640);
  g_settings_set_int (settings, "window-height", 480);

  window = g_object_new (BOTTEGA_TYPE_WINDOW, NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* What the window becomes is what the next start finds. */
static void
test_saved (void)
{
  g_autoptr(GSettings) settings = settings_new ();
  BottegaWindow *window;

  window = g_object_new (BOTTEGA_TYPE_WINDOW, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 650);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);

  gtk_window_maximize (GTK_WINDOW (window));
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));
  gtk_window_unmaximize (GTK_WINDOW (window));
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  gtk_init ();
  adw_init ();
  g_assert_nonnull (bottega_ui_get_resource ());

  g_test_add_func ("/window/settings/restored-maximized", test_restored_maximized);
  g_test_add_func ("/window/settings/restored-normal", test_restored_normal);
  g_test_add_func ("/window/settings/saved", test_saved);

  return g_test_run ();
}
