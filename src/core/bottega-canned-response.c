/* bottega-canned-response.c: a saved reply, inserted with "/short_code"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include "bottega-canned-response.h"
#include "bottega-core-private.h"

struct _BottegaCannedResponse
{
  GObject parent_instance;

  gint64 remote_id;
  char *short_code;
  char *content;
};

G_DEFINE_FINAL_TYPE (BottegaCannedResponse, bottega_canned_response, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REMOTE_ID,
  PROP_SHORT_CODE,
  PROP_CONTENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bottega_canned_response_finalize (GObject *object)
{
  BottegaCannedResponse *self = (BottegaCannedResponse *)object;

  g_clear_pointer (&self->short_code, g_free);
  g_clear_pointer (&self->content, g_free);

  G_OBJECT_CLASS (bottega_canned_response_parent_class)->finalize (object);
}

static void
bottega_canned_response_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  BottegaCannedResponse *self = BOTTEGA_CANNED_RESPONSE (object);

  switch (prop_id)
    {
    case PROP_REMOTE_ID:
      g_value_set_int64 (value, self->remote_id);
      break;

    case PROP_SHORT_CODE:
      g_value_set_string (value, self->short_code);
      break;

    case PROP_CONTENT:
      g_value_set_string (value, self->content);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_canned_response_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  BottegaCannedResponse *self = BOTTEGA_CANNED_RESPONSE (object);

  switch (prop_id)
    {
    case PROP_REMOTE_ID:
      bottega_canned_response_set_remote_id (self, g_value_get_int64 (value));
      break;

    case PROP_SHORT_CODE:
      bottega_canned_response_set_short_code (self, g_value_get_string (value));
      break;

    case PROP_CONTENT:
      bottega_canned_response_set_content (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_canned_response_class_init (BottegaCannedResponseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bottega_canned_response_finalize;
  object_class->get_property = bottega_canned_response_get_property;
  object_class->set_property = bottega_canned_response_set_property;

  properties[PROP_REMOTE_ID] =
    g_param_spec_int64 ("remote-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_SHORT_CODE] =
    g_param_spec_string ("short-code", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CONTENT] =
    g_param_spec_string ("content", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_canned_response_init (BottegaCannedResponse *self)
{
}

BottegaCannedResponse *
bottega_canned_response_new (void)
{
  return g_object_new (BOTTEGA_TYPE_CANNED_RESPONSE, NULL);
}

gint64
bottega_canned_response_get_remote_id (BottegaCannedResponse *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CANNED_RESPONSE (self), 0);

  return self->remote_id;
}

void
bottega_canned_response_set_remote_id (BottegaCannedResponse *self,
                                       gint64                remote_id)
{
  g_return_if_fail (BOTTEGA_IS_CANNED_RESPONSE (self));

  if (self->remote_id == remote_id)
    return;

  self->remote_id = remote_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
}

const char *
bottega_canned_response_get_short_code (BottegaCannedResponse *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CANNED_RESPONSE (self), NULL);

  return self->short_code;
}

void
bottega_canned_response_set_short_code (BottegaCannedResponse *self,
                                        const char            *short_code)
{
  g_return_if_fail (BOTTEGA_IS_CANNED_RESPONSE (self));

  if (bottega_core_set_str (&self->short_code, short_code))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHORT_CODE]);
}

const char *
bottega_canned_response_get_content (BottegaCannedResponse *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CANNED_RESPONSE (self), NULL);

  return self->content;
}

void
bottega_canned_response_set_content (BottegaCannedResponse *self,
                                     const char            *content)
{
  g_return_if_fail (BOTTEGA_IS_CANNED_RESPONSE (self));

  if (bottega_core_set_str (&self->content, content))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}
