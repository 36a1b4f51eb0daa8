/* bottega-tail-model.h: the newest items of a list model, a window that
 * grows toward older ones on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BOTTEGA_TYPE_TAIL_MODEL (bottega_tail_model_get_type ())
G_DECLARE_FINAL_TYPE (BottegaTailModel, bottega_tail_model, BOTTEGA, TAIL_MODEL, GObject)

/* Shows the last @initial_size items of @model (all of them when it has
 * fewer): position 0 of the tail model is the wrapped model's position
 * `n - size`. Items appended to @model join the window; items inserted
 * before the window stay out of it until revealed. Same item type as
 * @model. */
BottegaTailModel *bottega_tail_model_new              (GListModel       *model,
                                                       guint             initial_size);
GListModel       *bottega_tail_model_get_model        (BottegaTailModel *self);
/* Items of the wrapped model before the window: not revealed yet. */
guint             bottega_tail_model_get_n_older      (BottegaTailModel *self);
/* Grows the window by up to @count older items, announced as one insertion
 * at position 0. Returns how many were revealed. */
guint             bottega_tail_model_reveal_older     (BottegaTailModel *self,
                                                       guint             count);
/* Grows the window so that @wrapped_position is in it, with a few older
 * items above it when there are. FALSE when the wrapped model has no such
 * position. */
gboolean          bottega_tail_model_reveal_position  (BottegaTailModel *self,
                                                       guint             wrapped_position);
/* The wrapped model's position of @position, or G_MAXUINT outside the
 * window. */
guint             bottega_tail_model_to_wrapped       (BottegaTailModel *self,
                                                       guint             position);
/* The tail model's position of @wrapped_position, or G_MAXUINT when it is
 * not in the window. */
guint             bottega_tail_model_from_wrapped     (BottegaTailModel *self,
                                                       guint             wrapped_position);

G_END_DECLS
