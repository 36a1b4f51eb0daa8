/* fuzz-canned-response.c: saved replies from the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bottega-chatwoot-parse.h"
#include "fuzz-common.h"

static void
check_response (BottegaCannedResponse *response)
{
  g_assert (bottega_canned_response_get_remote_id (response) > 0);
  g_assert (bottega_canned_response_get_content (response) != NULL);
  fuzz_check_strings (G_OBJECT (response));
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
  g_autoptr(BottegaCannedResponse) response = NULL;
  g_autoptr(GPtrArray) responses = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    return 0;

  response = bottega_chatwoot_parse_canned_response (root, &error);
  if (response != NULL)
    check_response (response);
  else
    fuzz_check_error (error, root);
  g_clear_error (&error);

  /* A bare array: all or nothing. */
  responses = bottega_chatwoot_parse_canned_responses (root, &error);
  if (responses != NULL)
    for (guint i = 0; i < responses->len; i++)
      check_response (g_ptr_array_index (responses, i));
  else
    fuzz_check_error (error, root);

  return 0;
}
