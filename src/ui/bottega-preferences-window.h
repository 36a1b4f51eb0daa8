/* bottega-preferences-window.h: the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _BottegaApplication BottegaApplication;

#define BOTTEGA_TYPE_PREFERENCES_WINDOW (bottega_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (BottegaPreferencesWindow, bottega_preferences_window, BOTTEGA, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* General settings, the accounts (add, sign in again, remove, reset the demo
 * shop) and each account's product catalog. @parent may be NULL. */
BottegaPreferencesWindow *bottega_preferences_window_new (GtkWindow          *parent,
                                                          BottegaApplication *application);

G_END_DECLS
