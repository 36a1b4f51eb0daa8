/* fuzz-message.c: a message with its attachments, and a page of messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bottega-chatwoot-parse.h"
#include "fuzz-common.h"

static void
check_attachment (BottegaAttachment *attachment)
{
  const char *name = bottega_attachment_get_file_name (attachment);

  g_assert (bottega_attachment_get_remote_id (attachment) > 0);
  g_assert (bottega_attachment_get_file_size (attachment) >= 0);
  g_assert (bottega_attachment_get_local_path (attachment) == NULL);
  /* A display name only: never a path, never a control character. */
  if (name != NULL)
    {
      g_assert (*name != '\0');
      g_assert (strchr (name, '/') == NULL && strchr (name, '\\') == NULL);
      g_assert (strcmp (name, ".") != 0 && strcmp (name, "..") != 0);
      for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          g_assert (!g_unichar_iscntrl (c) && g_unichar_type (c) != G_UNICODE_FORMAT);
        }
    }
}

static void
check_message (BottegaMessage *message)
{
  GListModel *attachments = bottega_message_get_attachments (message);

  g_assert (bottega_message_get_remote_id (message) > 0);
  g_assert (bottega_message_get_content (message) != NULL);
  g_assert (bottega_message_get_in_reply_to (message) >= 0);
  g_assert (bottega_message_get_status (message) != BOTTEGA_MESSAGE_STATUS_QUEUED &&
            bottega_message_get_status (message) != BOTTEGA_MESSAGE_STATUS_SENDING);
  fuzz_check_strings (G_OBJECT (message));

  for (guint i = 0; i < g_list_model_get_n_items (attachments); i++)
    {
      g_autoptr(BottegaAttachment) attachment = g_list_model_get_item (attachments, i);

      check_attachment (attachment);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = fuzz_parse_json (data, size);
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    return 0;

  message = bottega_chatwoot_parse_message (root, 1, &error);
  if (message != NULL)
    check_message (message);
  else
    fuzz_check_error (error, root);
  g_clear_error (&error);

  /* {"meta":{…},"payload":[…]}: all or nothing. */
  messages = bottega_chatwoot_parse_messages (root, 1, &error);
  if (messages != NULL)
    for (guint i = 0; i < messages->len; i++)
      check_message (g_ptr_array_index (messages, i));
  else
    fuzz_check_error (error, root);

  return 0;
}
