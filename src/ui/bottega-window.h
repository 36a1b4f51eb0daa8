/* bottega-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bottega-store.h"
#include "bottega-sync-engine.h"

G_BEGIN_DECLS

typedef struct _BottegaApplication BottegaApplication;

#define BOTTEGA_TYPE_WINDOW (bottega_window_get_type ())
G_DECLARE_FINAL_TYPE (BottegaWindow, bottega_window, BOTTEGA, WINDOW, AdwApplicationWindow)

BottegaWindow *bottega_window_new          (BottegaApplication *application);
void           bottega_window_set_store    (BottegaWindow      *self,
                                            BottegaStore       *store);
void           bottega_window_add_engine   (BottegaWindow      *self,
                                            BottegaSyncEngine  *engine);
/* The account of @engine is being removed: its open conversation closes. */
void           bottega_window_remove_engine (BottegaWindow     *self,
                                             BottegaSyncEngine *engine);
void           bottega_window_show_welcome (BottegaWindow      *self);
void           bottega_window_show_main    (BottegaWindow      *self);
void           bottega_window_show_error   (BottegaWindow      *self,
                                            const char         *title,
                                            const char         *detail);
void           bottega_window_toast        (BottegaWindow      *self,
                                            const char         *text);

G_END_DECLS
