/* fuzz-inbox.c: the shop's inboxes (channels) with their WhatsApp templates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bottega-chatwoot-parse.h"
#include "fuzz-common.h"

static void
check_inbox (BottegaInbox *inbox)
{
  g_autoptr(JsonNode) templates = NULL;

  g_assert (bottega_inbox_get_remote_id (inbox) > 0);
  fuzz_check_strings (G_OBJECT (inbox));

  /* Kept as JSON text for the composer's template picker: a list. */
  g_assert (bottega_inbox_get_templates (inbox) != NULL);
  templates = json_from_string (bottega_inbox_get_templates (inbox), NULL);
  g_assert (templates != NULL && JSON_NODE_HOLDS_ARRAY (templates));
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
  g_autoptr(BottegaInbox) inbox = NULL;
  g_autoptr(GPtrArray) inboxes = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    return 0;

  inbox = bottega_chatwoot_parse_inbox (root, 1, &error);
  if (inbox != NULL)
    check_inbox (inbox);
  else
    fuzz_check_error (error, root);
  g_clear_error (&error);

  /* {"payload":[…]}: all or nothing. */
  inboxes = bottega_chatwoot_parse_inboxes (root, 1, &error);
  if (inboxes != NULL)
    for (guint i = 0; i < inboxes->len; i++)
      check_inbox (g_ptr_array_index (inboxes, i));
  else
    fuzz_check_error (error, root);

  return 0;
}
