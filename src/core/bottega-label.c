/* bottega-label.c: a conversation label
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include "bottega-label.h"
#include "bottega-core-private.h"

struct _BottegaLabel
{
  GObject parent_instance;

  gint64 remote_id;
  char *title;
  char *description;
  char *color;
};

G_DEFINE_FINAL_TYPE (BottegaLabel, bottega_label, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REMOTE_ID,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_COLOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bottega_label_finalize (GObject *object)
{
  BottegaLabel *self = (BottegaLabel *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->color, g_free);

  G_OBJECT_CLASS (bottega_label_parent_class)->finalize (object);
}

static void
bottega_label_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BottegaLabel *self = BOTTEGA_LABEL (object);

  switch (prop_id)
    {
    case PROP_REMOTE_ID:
      g_value_set_int64 (value, self->remote_id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_label_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BottegaLabel *self = BOTTEGA_LABEL (object);

  switch (prop_id)
    {
    case PROP_REMOTE_ID:
      bottega_label_set_remote_id (self, g_value_get_int64 (value));
      break;

    case PROP_TITLE:
      bottega_label_set_title (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      bottega_label_set_description (self, g_value_get_string (value));
      break;

    case PROP_COLOR:
      bottega_label_set_color (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_label_class_init (BottegaLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bottega_label_finalize;
  object_class->get_property = bottega_label_get_property;
  object_class->set_property = bottega_label_set_property;

  properties[PROP_REMOTE_ID] =
    g_param_spec_int64 ("remote-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_label_init (BottegaLabel *self)
{
}

BottegaLabel *
bottega_label_new (void)
{
  return g_object_new (BOTTEGA_TYPE_LABEL, NULL);
}

gint64
bottega_label_get_remote_id (BottegaLabel *self)
{
  g_return_val_if_fail (BOTTEGA_IS_LABEL (self), 0);

  return self->remote_id;
}

void
bottega_label_set_remote_id (BottegaLabel *self,
                             gint64       remote_id)
{
  g_return_if_fail (BOTTEGA_IS_LABEL (self));

  if (self->remote_id == remote_id)
    return;

  self->remote_id = remote_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
}

const char *
bottega_label_get_title (BottegaLabel *self)
{
  g_return_val_if_fail (BOTTEGA_IS_LABEL (self), NULL);

  return self->title;
}

void
bottega_label_set_title (BottegaLabel *self,
                         const char   *title)
{
  g_return_if_fail (BOTTEGA_IS_LABEL (self));

  if (bottega_core_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
bottega_label_get_description (BottegaLabel *self)
{
  g_return_val_if_fail (BOTTEGA_IS_LABEL (self), NULL);

  return self->description;
}

void
bottega_label_set_description (BottegaLabel *self,
                               const char   *description)
{
  g_return_if_fail (BOTTEGA_IS_LABEL (self));

  if (bottega_core_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

const char *
bottega_label_get_color (BottegaLabel *self)
{
  g_return_val_if_fail (BOTTEGA_IS_LABEL (self), NULL);

  return self->color;
}

void
bottega_label_set_color (BottegaLabel *self,
                         const char   *color)
{
  g_return_if_fail (BOTTEGA_IS_LABEL (self));

  if (bottega_core_set_str (&self->color, color))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}
