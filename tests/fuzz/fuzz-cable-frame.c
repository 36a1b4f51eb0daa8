/* fuzz-cable-frame.c: ActionCable frames as they come off the websocket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bottega-chatwoot-realtime-private.h"
#include "bottega-provider-error.h"
#include "fuzz-common.h"

static BottegaChatwootRealtime *realtime;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();

  /* Never started: frames are handed to it directly. */
  realtime = bottega_chatwoot_realtime_new ("http://127.0.0.1:9", "fuzz-pubsub-token", 1, 1, 1);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) event_data = NULL;
  g_autofree char *type = NULL;
  g_autofree char *name = NULL;
  const char *text = size > 0 ? (const char *) data : NULL;

  name = bottega_chatwoot_realtime_parse_frame (text, size, &type, &event_data, &error);
  if (name != NULL)
    {
      /* An event: a name, an object, no error. */
      g_assert (*name != '\0' && g_utf8_validate (name, -1, NULL));
      g_assert (event_data != NULL && JSON_NODE_HOLDS_OBJECT (event_data));
      g_assert (error == NULL);
    }
  else if (error != NULL)
    {
      fuzz_check_error (error, NULL);
      g_assert (event_data == NULL && type == NULL);
    }
  else
    {
      g_assert (event_data == NULL);
      g_assert (type == NULL || g_utf8_validate (type, -1, NULL));
    }

  /* The same bytes through the client (identifier check, dispatch). */
  bottega_chatwoot_realtime_handle_frame (realtime, text, size);
  return 0;
}
