/* bottega-text.c: presenting untrusted text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-text.h"

static gboolean
is_hidden (gunichar c)
{
  /* Format characters (bidi embeddings and overrides, zero-width
   * characters) can reorder or disguise what a customer wrote. */
  return g_unichar_type (c) == G_UNICODE_FORMAT ||
         (g_unichar_iscntrl (c) && c != '\n' && c != '\t');
}

static char *
clean (const char *text,
       gboolean    one_line,
       guint       max_chars)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  guint n = 0;

  if (text == NULL)
    return g_string_free (out, FALSE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (c == '\r')
        continue;
      if (one_line && (c == '\n' || c == '\t' || g_unichar_isspace (c)))
        {
          space = out->len > 0;
          continue;
        }
      if (is_hidden (c))
        continue;

      if (space)
        {
          g_string_append_c (out, ' ');
          n++;
          space = FALSE;
        }
      if (max_chars > 0 && n >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, c);
      n++;
    }

  return g_string_free (out, FALSE);
}

char *
bottega_text_one_line (const char *text,
                       guint       max_chars)
{
  return clean (text, TRUE, max_chars);
}

char *
bottega_text_sanitize (const char *text)
{
  return clean (text, FALSE, 0);
}

static const char *
attachment_kind (BottegaMessage *message)
{
  g_autoptr(BottegaAttachment) first = NULL;
  const char *type;

  if (bottega_message_get_n_attachments (message) == 0)
    return NULL;

  first = g_list_model_get_item (bottega_message_get_attachments (message), 0);
  type = bottega_attachment_get_file_type (first);
  if (g_strcmp0 (type, "image") == 0)
    return _("Photo");
  if (g_strcmp0 (type, "audio") == 0)
    return _("Voice message");
  if (g_strcmp0 (type, "video") == 0)
    return _("Video");
  if (g_strcmp0 (type, "location") == 0)
    return _("Location");
  if (g_strcmp0 (type, "contact") == 0)
    return _("Contact");
  return _("File");
}

char *
bottega_text_message_preview (BottegaMessage *message)
{
  g_autofree char *text = NULL;
  const char *kind;

  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (message), NULL);

  text = bottega_text_one_line (bottega_message_get_content (message), 120);
  kind = attachment_kind (message);
  if (text[0] == '\0' && kind != NULL)
    {
      g_free (text);
      text = g_strdup (kind);
    }

  if (bottega_message_get_private (message))
    /* Translators: a private note in the conversation list */
    return g_strdup_printf (_("Note: %s"), text);
  if (bottega_message_get_message_type (message) == BOTTEGA_MESSAGE_OUTGOING)
    /* Translators: the shop's own last reply in the conversation list */
    return g_strdup_printf (_("You: %s"), text);
  return g_steal_pointer (&text);
}
