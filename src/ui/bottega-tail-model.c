/* bottega-tail-model.c: the newest items of a list model, a window that
 * grows toward older ones on demand
 *
 * A GtkListView makes rows for up to 200 items around its anchor whatever
 * is visible, so a conversation of thousands of messages would build and
 * lay out 200 bubbles to show ten. The view is given this window on the
 * conversation instead: the newest messages, and more of the older ones as
 * the reader scrolls up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include "bottega-tail-model.h"

/* Older items shown above a position revealed with reveal_position(). */
#define REVEAL_MARGIN 3

struct _BottegaTailModel
{
  GObject     parent_instance;

  GListModel *model;
  /* The wrapped model's size as last announced: while it emits
   * items-changed, its get_n_items() already says the new size. */
  guint       n_wrapped;
  /* The window is the wrapped model's [offset, n_wrapped). */
  guint       offset;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BottegaTailModel, bottega_tail_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
window_size (BottegaTailModel *self)
{
  return self->n_wrapped - self->offset;
}

/* Translates the wrapped model's change of [position, position + removed)
 * into @added items into a change of the window, so that what the window
 * announces always matches what it returns before and after. */
static void
on_items_changed (BottegaTailModel *self,
                  guint             position,
                  guint             removed,
                  guint             added,
                  GListModel       *model)
{
  guint old_size = window_size (self);
  guint end = position + removed;

  if (removed == 0 && added == 0)
    return;
  g_return_if_fail (end <= self->n_wrapped);

  self->n_wrapped = self->n_wrapped - removed + added;

  if (removed == 0 && position == self->n_wrapped - added)
    {
      /* Appended (a message arrived or was sent): it joins the window. */
      g_list_model_items_changed (G_LIST_MODEL (self), old_size, 0, added);
    }
  else if (end <= self->offset)
    {
      /* All of it before the window (older history fetched): the window
       * shows the same items. */
      self->offset = self->offset - removed + added;
    }
  else if (position >= self->offset)
    {
      /* Inside the window. */
      g_list_model_items_changed (G_LIST_MODEL (self), position - self->offset, removed, added);
    }
  else
    {
      /* Across the window's start: its part inside the window is replaced
       * by as many of the new items as there were (fewer when fewer came),
       * the others stay before the window. */
      guint visible_removed = end - self->offset;
      guint visible_added = MIN (added, visible_removed);

      self->offset = position + added - visible_added;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, visible_removed, visible_added);
    }
}

/* ---- GListModel ---- */

static GType
bottega_tail_model_get_item_type (GListModel *model)
{
  BottegaTailModel *self = BOTTEGA_TAIL_MODEL (model);

  return g_list_model_get_item_type (self->model);
}

static guint
bottega_tail_model_get_n_items (GListModel *model)
{
  return window_size (BOTTEGA_TAIL_MODEL (model));
}

static gpointer
bottega_tail_model_get_item (GListModel *model,
                             guint       position)
{
  BottegaTailModel *self = BOTTEGA_TAIL_MODEL (model);

  if (position >= window_size (self))
    return NULL;

  return g_list_model_get_item (self->model, self->offset + position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bottega_tail_model_get_item_type;
  iface->get_n_items = bottega_tail_model_get_n_items;
  iface->get_item = bottega_tail_model_get_item;
}

/* ---- GObject ---- */

static void
bottega_tail_model_constructed (GObject *object)
{
  BottegaTailModel *self = BOTTEGA_TAIL_MODEL (object);

  G_OBJECT_CLASS (bottega_tail_model_parent_class)->constructed (object);

  self->n_wrapped = g_list_model_get_n_items (self->model);
  self->offset = 0;
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_items_changed),
                           self, G_CONNECT_SWAPPED);
}

static void
bottega_tail_model_dispose (GObject *object)
{
  BottegaTailModel *self = BOTTEGA_TAIL_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (bottega_tail_model_parent_class)->dispose (object);
}

static void
bottega_tail_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BottegaTailModel *self = BOTTEGA_TAIL_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_tail_model_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BottegaTailModel *self = BOTTEGA_TAIL_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      self->model = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_tail_model_class_init (BottegaTailModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bottega_tail_model_constructed;
  object_class->dispose = bottega_tail_model_dispose;
  object_class->get_property = bottega_tail_model_get_property;
  object_class->set_property = bottega_tail_model_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_tail_model_init (BottegaTailModel *self)
{
}

/* ---- public ---- */

BottegaTailModel *
bottega_tail_model_new (GListModel *model,
                        guint       initial_size)
{
  BottegaTailModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (BOTTEGA_TYPE_TAIL_MODEL, "model", model, NULL);
  self->offset = self->n_wrapped - MIN (self->n_wrapped, initial_size);
  return self;
}

GListModel *
bottega_tail_model_get_model (BottegaTailModel *self)
{
  g_return_val_if_fail (BOTTEGA_IS_TAIL_MODEL (self), NULL);

  return self->model;
}

guint
bottega_tail_model_get_n_older (BottegaTailModel *self)
{
  g_return_val_if_fail (BOTTEGA_IS_TAIL_MODEL (self), 0);

  return self->offset;
}

guint
bottega_tail_model_reveal_older (BottegaTailModel *self,
                                 guint             count)
{
  guint revealed;

  g_return_val_if_fail (BOTTEGA_IS_TAIL_MODEL (self), 0);

  revealed = MIN (count, self->offset);
  if (revealed == 0)
    return 0;

  /* An insertion at the top: a list view keeps its anchor row in place. */
  self->offset -= revealed;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, revealed);
  return revealed;
}

gboolean
bottega_tail_model_reveal_position (BottegaTailModel *self,
                                    guint             wrapped_position)
{
  guint start;

  g_return_val_if_fail (BOTTEGA_IS_TAIL_MODEL (self), FALSE);

  if (wrapped_position >= self->n_wrapped)
    return FALSE;

  start = wrapped_position - MIN (wrapped_position, REVEAL_MARGIN);
  if (start < self->offset)
    bottega_tail_model_reveal_older (self, self->offset - start);
  return TRUE;
}

guint
bottega_tail_model_to_wrapped (BottegaTailModel *self,
                               guint             position)
{
  g_return_val_if_fail (BOTTEGA_IS_TAIL_MODEL (self), G_MAXUINT);

  return position < window_size (self) ? self->offset + position : G_MAXUINT;
}

guint
bottega_tail_model_from_wrapped (BottegaTailModel *self,
                                 guint             wrapped_position)
{
  g_return_val_if_fail (BOTTEGA_IS_TAIL_MODEL (self), G_MAXUINT);

  if (wrapped_position < self->offset || wrapped_position >= self->n_wrapped)
    return G_MAXUINT;
  return wrapped_position - self->offset;
}
