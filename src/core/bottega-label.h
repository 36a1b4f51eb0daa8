/* bottega-label.h: a conversation label
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BOTTEGA_TYPE_LABEL (bottega_label_get_type ())
G_DECLARE_FINAL_TYPE (BottegaLabel, bottega_label, BOTTEGA, LABEL, GObject)

/* Properties: remote-id (int64), title (conversations refer to labels by
 * title), description, color ("#RRGGBB"). */
BottegaLabel *bottega_label_new (void);

gint64      bottega_label_get_remote_id    (BottegaLabel *self);
void        bottega_label_set_remote_id    (BottegaLabel *self, gint64 remote_id);
const char *bottega_label_get_title        (BottegaLabel *self);
void        bottega_label_set_title        (BottegaLabel *self, const char *title);
const char *bottega_label_get_description  (BottegaLabel *self);
void        bottega_label_set_description  (BottegaLabel *self, const char *description);
const char *bottega_label_get_color        (BottegaLabel *self);
void        bottega_label_set_color        (BottegaLabel *self, const char *color);

G_END_DECLS
