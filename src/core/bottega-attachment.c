/* bottega-attachment.c: a file attached to a message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include "bottega-attachment.h"
#include "bottega-core-private.h"

struct _BottegaAttachment
{
  GObject parent_instance;

  gint64 id;
  gint64 remote_id;
  char *file_type;
  char *extension;
  char *content_type;
  char *data_url;
  char *thumb_url;
  gint64 file_size;
  int width;
  int height;
  char *file_name;
  char *local_path;
};

G_DEFINE_FINAL_TYPE (BottegaAttachment, bottega_attachment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REMOTE_ID,
  PROP_FILE_TYPE,
  PROP_EXTENSION,
  PROP_CONTENT_TYPE,
  PROP_DATA_URL,
  PROP_THUMB_URL,
  PROP_FILE_SIZE,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_FILE_NAME,
  PROP_LOCAL_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bottega_attachment_finalize (GObject *object)
{
  BottegaAttachment *self = (BottegaAttachment *)object;

  g_clear_pointer (&self->file_type, g_free);
  g_clear_pointer (&self->extension, g_free);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->data_url, g_free);
  g_clear_pointer (&self->thumb_url, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->local_path, g_free);

  G_OBJECT_CLASS (bottega_attachment_parent_class)->finalize (object);
}

static void
bottega_attachment_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BottegaAttachment *self = BOTTEGA_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_REMOTE_ID:
      g_value_set_int64 (value, self->remote_id);
      break;

    case PROP_FILE_TYPE:
      g_value_set_string (value, self->file_type);
      break;

    case PROP_EXTENSION:
      g_value_set_string (value, self->extension);
      break;

    case PROP_CONTENT_TYPE:
      g_value_set_string (value, self->content_type);
      break;

    case PROP_DATA_URL:
      g_value_set_string (value, self->data_url);
      break;

    case PROP_THUMB_URL:
      g_value_set_string (value, self->thumb_url);
      break;

    case PROP_FILE_SIZE:
      g_value_set_int64 (value, self->file_size);
      break;

    case PROP_WIDTH:
      g_value_set_int (value, self->width);
      break;

    case PROP_HEIGHT:
      g_value_set_int (value, self->height);
      break;

    case PROP_FILE_NAME:
      g_value_set_string (value, self->file_name);
      break;

    case PROP_LOCAL_PATH:
      g_value_set_string (value, self->local_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_attachment_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BottegaAttachment *self = BOTTEGA_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      bottega_attachment_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_REMOTE_ID:
      bottega_attachment_set_remote_id (self, g_value_get_int64 (value));
      break;

    case PROP_FILE_TYPE:
      bottega_attachment_set_file_type (self, g_value_get_string (value));
      break;

    case PROP_EXTENSION:
      bottega_attachment_set_extension (self, g_value_get_string (value));
      break;

    case PROP_CONTENT_TYPE:
      bottega_attachment_set_content_type (self, g_value_get_string (value));
      break;

    case PROP_DATA_URL:
      bottega_attachment_set_data_url (self, g_value_get_string (value));
      break;

    case PROP_THUMB_URL:
      bottega_attachment_set_thumb_url (self, g_value_get_string (value));
      break;

    case PROP_FILE_SIZE:
      bottega_attachment_set_file_size (self, g_value_get_int64 (value));
      break;

    case PROP_WIDTH:
      bottega_attachment_set_width (self, g_value_get_int (value));
      break;

    case PROP_HEIGHT:
      bottega_attachment_set_height (self, g_value_get_int (value));
      break;

    case PROP_FILE_NAME:
      bottega_attachment_set_file_name (self, g_value_get_string (value));
      break;

    case PROP_LOCAL_PATH:
      bottega_attachment_set_local_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_attachment_class_init (BottegaAttachmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bottega_attachment_finalize;
  object_class->get_property = bottega_attachment_get_property;
  object_class->set_property = bottega_attachment_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_REMOTE_ID] =
    g_param_spec_int64 ("remote-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_FILE_TYPE] =
    g_param_spec_string ("file-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_EXTENSION] =
    g_param_spec_string ("extension", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CONTENT_TYPE] =
    g_param_spec_string ("content-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_DATA_URL] =
    g_param_spec_string ("data-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_THUMB_URL] =
    g_param_spec_string ("thumb-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_FILE_SIZE] =
    g_param_spec_int64 ("file-size", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_WIDTH] =
    g_param_spec_int ("width", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_HEIGHT] =
    g_param_spec_int ("height", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_FILE_NAME] =
    g_param_spec_string ("file-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LOCAL_PATH] =
    g_param_spec_string ("local-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_attachment_init (BottegaAttachment *self)
{
}

BottegaAttachment *
bottega_attachment_new (void)
{
  return g_object_new (BOTTEGA_TYPE_ATTACHMENT, NULL);
}

gint64
bottega_attachment_get_id (BottegaAttachment *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (self), 0);

  return self->id;
}

void
bottega_attachment_set_id (BottegaAttachment *self,
                           gint64            id)
{
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
bottega_attachment_get_remote_id (BottegaAttachment *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (self), 0);

  return self->remote_id;
}

void
bottega_attachment_set_remote_id (BottegaAttachment *self,
                                  gint64            remote_id)
{
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (self));

  if (self->remote_id == remote_id)
    return;

  self->remote_id = remote_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
}

const char *
bottega_attachment_get_file_type (BottegaAttachment *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (self), NULL);

  return self->file_type;
}

void
bottega_attachment_set_file_type (BottegaAttachment *self,
                                  const char        *file_type)
{
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (self));

  if (bottega_core_set_str (&self->file_type, file_type))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE_TYPE]);
}

const char *
bottega_attachment_get_extension (BottegaAttachment *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (self), NULL);

  return self->extension;
}

void
bottega_attachment_set_extension (BottegaAttachment *self,
                                  const char        *extension)
{
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (self));

  if (bottega_core_set_str (&self->extension, extension))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTENSION]);
}

const char *
bottega_attachment_get_content_type (BottegaAttachment *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (self), NULL);

  return self->content_type;
}

void
bottega_attachment_set_content_type (BottegaAttachment *self,
                                     const char        *content_type)
{
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (self));

  if (bottega_core_set_str (&self->content_type, content_type))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT_TYPE]);
}

const char *
bottega_attachment_get_data_url (BottegaAttachment *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (self), NULL);

  return self->data_url;
}

void
bottega_attachment_set_data_url (BottegaAttachment *self,
                                 const char        *data_url)
{
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (self));

  if (bottega_core_set_str (&self->data_url, data_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_URL]);
}

const char *
bottega_attachment_get_thumb_url (BottegaAttachment *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (self), NULL);

  return self->thumb_url;
}

void
bottega_attachment_set_thumb_url (BottegaAttachment *self,
                                  const char        *thumb_url)
{
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (self));

  if (bottega_core_set_str (&self->thumb_url, thumb_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMB_URL]);
}

gint64
bottega_attachment_get_file_size (BottegaAttachment *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (self), 0);

  return self->file_size;
}

void
bottega_attachment_set_file_size (BottegaAttachment *self,
                                  gint64            file_size)
{
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (self));

  if (self->file_size == file_size)
    return;

  self->file_size = file_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE_SIZE]);
}

int
bottega_attachment_get_width (BottegaAttachment *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (self), 0);

  return self->width;
}

void
bottega_attachment_set_width (BottegaAttachment *self,
                              int               width)
{
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (self));
  g_return_if_fail (width >= 0);

  if (self->width == width)
    return;

  self->width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
}

int
bottega_attachment_get_height (BottegaAttachment *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (self), 0);

  return self->height;
}

void
bottega_attachment_set_height (BottegaAttachment *self,
                               int               height)
{
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (self));
  g_return_if_fail (height >= 0);

  if (self->height == height)
    return;

  self->height = height;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
}

const char *
bottega_attachment_get_file_name (BottegaAttachment *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (self), NULL);

  return self->file_name;
}

void
bottega_attachment_set_file_name (BottegaAttachment *self,
                                  const char        *file_name)
{
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (self));

  if (bottega_core_set_str (&self->file_name, file_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE_NAME]);
}

const char *
bottega_attachment_get_local_path (BottegaAttachment *self)
{
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (self), NULL);

  return self->local_path;
}

void
bottega_attachment_set_local_path (BottegaAttachment *self,
                                   const char        *local_path)
{
  g_return_if_fail (BOTTEGA_IS_ATTACHMENT (self));

  if (bottega_core_set_str (&self->local_path, local_path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_PATH]);
}
