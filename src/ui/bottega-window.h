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
/* Whether a draft could not be saved (the disk is full); closing the window
 * or quitting then asks first (bottega_window_ask_quit). */
gboolean       bottega_window_has_unsaved_drafts (BottegaWindow *self);
void           bottega_window_ask_quit     (BottegaWindow      *self);
void           bottega_window_toast        (BottegaWindow      *self,
                                            const char         *text);

G_END_DECLS
