/* bottega-agent.c: a member of the shop's staff on the provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include "bottega-agent.h"
#include "bottega-core-private.h"

struct _BottegaAgent
{
  GObject parent_instance;

  gint64 remote_id;
  char *name;
  char *available_name;
  char *email;
  char *role;
  char *thumbnail;
};

G_DEFINE_FINAL_TYPE (BottegaAgent, bottega_agent, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REMOTE_ID,
  PROP_NAME,
  PROP_AVAILABLE_NAME,
  PROP_EMAIL,
  PROP_ROLE,
  PROP_THUMBNAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bottega_agent_finalize (GObject *object)
{
  BottegaAgent *self = (BottegaAgent *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->available_name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->thumbnail, g_free);

  G_OBJECT_CLASS (bottega_agent_parent_class)->finalize (object);
}

static void
bottega_agent_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BottegaAgent *self = BOTTEGA_AGENT (object);

  switch (prop_id)
    {
    case PROP_REMOTE_ID:
      g_value_set_int64 (value, self->remote_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_AVAILABLE_NAME:
      g_value_set_string (value, self->available_name);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;

    case PROP_THUMBNAIL:
      g_value_set_string (value, self->thumbnail);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_agent_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BottegaAgent *self = BOTTEGA_AGENT (object);

  switch (prop_id)
    {
    case PROP_REMOTE_ID:
      bottega_agent_set_remote_id (self, g_value_get_int64 (value));
      break;

    case PROP_NAME:
      bottega_agent_set_name (self, g_value_get_string (value));
      break;

    case PROP_AVAILABLE_NAME:
      bottega_agent_set_available_name (self, g_value_get_string (value));
      break;

    case PROP_EMAIL:
      bottega_agent_set_email (self, g_value_get_string (value));
      break;

    case PROP_ROLE:
      bottega_agent_set_role (self, g_value_get_string (value));
      break;

    case PROP_THUMBNAIL:
      bottega_agent_set_thumbnail (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_agent_class_init (BottegaAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bottega_agent_finalize;
  object_class->get_property = bottega_agent_get_property;
  object_class->set_property = bottega_agent_set_property;

  properties[PROP_REMOTE_ID] =
    g_param_spec_int64 ("remote-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_AVAILABLE_NAME] =
    g_param_spec_string ("available-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_THUMBNAIL] =
    g_param_spec_string ("thumbnail", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_agent_init (BottegaAgent *self)
{
}

BottegaAgent *
bottega_agent_new (void)
{
  return g_object_new (BOTTEGA_TYPE_AGENT, NULL);
}

gint64
bottega_agent_get_remote_id (BottegaAgent *self)
{
  g_return_val_if_fail (BOTTEGA_IS_AGENT (self), 0);

  return self->remote_id;
}

void
bottega_agent_set_remote_id (BottegaAgent *self,
                             gint64       remote_id)
{
  g_return_if_fail (BOTTEGA_IS_AGENT (self));

  if (self->remote_id == remote_id)
    return;

  self->remote_id = remote_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
}

const char *
bottega_agent_get_name (BottegaAgent *self)
{
  g_return_val_if_fail (BOTTEGA_IS_AGENT (self), NULL);

  return self->name;
}

void
bottega_agent_set_name (BottegaAgent *self,
                        const char   *name)
{
  g_return_if_fail (BOTTEGA_IS_AGENT (self));

  if (bottega_core_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
bottega_agent_get_available_name (BottegaAgent *self)
{
  g_return_val_if_fail (BOTTEGA_IS_AGENT (self), NULL);

  return self->available_name;
}

void
bottega_agent_set_available_name (BottegaAgent *self,
                                  const char   *available_name)
{
  g_return_if_fail (BOTTEGA_IS_AGENT (self));

  if (bottega_core_set_str (&self->available_name, available_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE_NAME]);
}

const char *
bottega_agent_get_email (BottegaAgent *self)
{
  g_return_val_if_fail (BOTTEGA_IS_AGENT (self), NULL);

  return self->email;
}

void
bottega_agent_set_email (BottegaAgent *self,
                         const char   *email)
{
  g_return_if_fail (BOTTEGA_IS_AGENT (self));

  if (bottega_core_set_str (&self->email, email))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

const char *
bottega_agent_get_role (BottegaAgent *self)
{
  g_return_val_if_fail (BOTTEGA_IS_AGENT (self), NULL);

  return self->role;
}

void
bottega_agent_set_role (BottegaAgent *self,
                        const char   *role)
{
  g_return_if_fail (BOTTEGA_IS_AGENT (self));

  if (bottega_core_set_str (&self->role, role))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

const char *
bottega_agent_get_thumbnail (BottegaAgent *self)
{
  g_return_val_if_fail (BOTTEGA_IS_AGENT (self), NULL);

  return self->thumbnail;
}

void
bottega_agent_set_thumbnail (BottegaAgent *self,
                             const char   *thumbnail)
{
  g_return_if_fail (BOTTEGA_IS_AGENT (self));

  if (bottega_core_set_str (&self->thumbnail, thumbnail))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);
}
