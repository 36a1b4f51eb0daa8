/* fuzz-conversation.c: a conversation, and a page of them, from the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bottega-chatwoot-parse.h"
#include "fuzz-common.h"

static void
check_conversation (BottegaConversation *conversation)
{
  g_assert (bottega_conversation_get_remote_id (conversation) > 0);
  g_assert (bottega_conversation_get_unread_count (conversation) >= 0);
  fuzz_check_strings (G_OBJECT (conversation));
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
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(BottegaChatwootConversationPage) page = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    return 0;

  /* A conversation as REST and the realtime events carry it. */
  conversation = bottega_chatwoot_parse_conversation (root, 1, &error);
  if (conversation != NULL)
    check_conversation (conversation);
  else
    fuzz_check_error (error, root);
  g_clear_error (&error);

  /* {"data":{"meta":{…},"payload":[…]}}: all or nothing. */
  page = bottega_chatwoot_parse_conversation_page (root, 1, &error);
  if (page != NULL)
    {
      g_assert (page->conversations != NULL);
      for (guint i = 0; i < page->conversations->len; i++)
        check_conversation (g_ptr_array_index (page->conversations, i));
    }
  else
    fuzz_check_error (error, root);

  return 0;
}
