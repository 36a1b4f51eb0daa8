/* fuzz-contact.c: a customer (Chatwoot's contact) from the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bottega-chatwoot-parse.h"
#include "fuzz-common.h"

/* The attributes are kept as JSON text: it must read back as an object. */
static void
check_object_text (const char *text)
{
  g_autoptr(JsonNode) node = NULL;

  g_assert (text != NULL);
  node = json_from_string (text, NULL);
  g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
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
  g_autoptr(BottegaCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    return 0;

  customer = bottega_chatwoot_parse_contact (root, 1, &error);
  if (customer == NULL)
    {
      fuzz_check_error (error, root);
      return 0;
    }

  g_assert (bottega_customer_get_remote_id (customer) > 0);
  fuzz_check_strings (G_OBJECT (customer));
  check_object_text (bottega_customer_get_additional_attributes (customer));
  check_object_text (bottega_customer_get_custom_attributes (customer));
  return 0;
}
