/* bottega-outgoing.c: what may be attached to a reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-outgoing.h"

/* Content types a shop never sends a customer: programs, installers and
 * scripts (customers' phones would refuse them, and they are how malware
 * travels). */
static const char * const refused_types[] = {
  "application/x-executable",
  "application/x-sharedlib",
  "application/x-pie-executable",
  "application/x-msdownload",
  "application/x-ms-dos-executable",
  "application/x-msi",
  "application/vnd.microsoft.portable-executable",
  "application/x-desktop",
  "application/x-shellscript",
  "application/x-ms-shortcut",
  "application/vnd.android.package-archive",
  "application/x-msdos-program",
  "application/x-bat",
};

BottegaOutgoingKind
bottega_outgoing_kind (const char *content_type)
{
  g_return_val_if_fail (content_type != NULL, BOTTEGA_OUTGOING_REFUSED);

  if (g_content_type_is_a (content_type, "inode/directory"))
    return BOTTEGA_OUTGOING_REFUSED;
  for (gsize i = 0; i < G_N_ELEMENTS (refused_types); i++)
    if (g_content_type_is_a (content_type, refused_types[i]))
      return BOTTEGA_OUTGOING_REFUSED;

  if (g_str_has_prefix (content_type, "image/"))
    return BOTTEGA_OUTGOING_IMAGE;
  if (g_str_has_prefix (content_type, "audio/"))
    return BOTTEGA_OUTGOING_AUDIO;
  if (g_str_has_prefix (content_type, "video/"))
    return BOTTEGA_OUTGOING_VIDEO;
  return BOTTEGA_OUTGOING_DOCUMENT;
}

goffset
bottega_outgoing_max_size (BottegaOutgoingKind kind)
{
  switch (kind)
    {
    case BOTTEGA_OUTGOING_IMAGE:
    case BOTTEGA_OUTGOING_AUDIO:
    case BOTTEGA_OUTGOING_VIDEO:
      return BOTTEGA_OUTGOING_MAX_MEDIA_SIZE;
    case BOTTEGA_OUTGOING_DOCUMENT:
      return BOTTEGA_OUTGOING_MAX_DOCUMENT_SIZE;
    case BOTTEGA_OUTGOING_REFUSED:
    default:
      return 0;
    }
}

/* Enough of a file's start for g_content_type_guess() to sniff. */
#define SNIFF_SIZE 4096

void
bottega_outgoing_file_free (BottegaOutgoingFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->name);
  g_free (file->content_type);
  g_free (file);
}

BottegaOutgoingFile *
bottega_outgoing_check_file (const char    *path,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *name = NULL;
  g_autofree char *content_type = NULL;
  guchar head[SNIFF_SIZE];
  gsize head_len = 0;
  BottegaOutgoingKind kind;
  BottegaOutgoingFile *outgoing;
  goffset size;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  name = g_strdup (info != NULL && g_file_info_get_display_name (info) != NULL
                   ? g_file_info_get_display_name (info) : basename);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        /* Translators: %s is a file name */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("“%s” is no longer there"), name);
      else
        /* Translators: %s is a file name */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("“%s” cannot be read"), name);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      /* Translators: %s is a file name */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is a folder or a special file; only ordinary files can be attached"), name);
      return NULL;
    }

  /* Reading the start both proves the file readable and lets the type be
   * sniffed from its content, not only its name. */
  stream = g_file_read (file, cancellable, NULL);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &head_len, cancellable, NULL))
    {
      /* Translators: %s is a file name */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, _("“%s” cannot be read"), name);
      return NULL;
    }
  g_input_stream_close (G_INPUT_STREAM (stream), NULL, NULL);

  size = g_file_info_get_size (info);
  content_type = g_content_type_guess (path, head, head_len, NULL);
  kind = bottega_outgoing_kind (content_type);
  if (kind == BOTTEGA_OUTGOING_REFUSED)
    {
      /* Translators: %s is a file name */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is a program or a script; those cannot be sent to customers"), name);
      return NULL;
    }
  if (size == 0)
    {
      /* Translators: %s is a file name */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is empty"), name);
      return NULL;
    }
  if (size > bottega_outgoing_max_size (kind))
    {
      g_autofree char *has = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *max = g_format_size_full (bottega_outgoing_max_size (kind), G_FORMAT_SIZE_IEC_UNITS);

      if (kind == BOTTEGA_OUTGOING_DOCUMENT)
        /* Translators: “%1$s” is a file name, %2$s its size, %3$s the largest allowed ("100.0 MiB") */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                     _("“%1$s” is too large (%2$s): documents can be at most %3$s"), name, has, max);
      else
        /* Translators: “%1$s” is a file name, %2$s its size, %3$s the largest allowed ("16.0 MiB") */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                     _("“%1$s” is too large (%2$s): pictures, audio and video can be at most %3$s"), name, has, max);
      return NULL;
    }

  outgoing = g_new0 (BottegaOutgoingFile, 1);
  outgoing->path = g_strdup (path);
  outgoing->name = g_steal_pointer (&name);
  outgoing->content_type = g_steal_pointer (&content_type);
  outgoing->kind = kind;
  outgoing->size = size;
  return outgoing;
}
