/* fuzz-text.c: how a customer's text is shown — one-line previews, bubble
 * text, and the markup with links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bottega-text.h"
#include "fuzz-common.h"

/* Neither a format character (bidi overrides, zero-width ones) nor a
 * control character other than those @allowed. */
static void
check_visible (const char *text,
               const char *allowed)
{
  g_assert (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert (g_unichar_type (c) != G_UNICODE_FORMAT);
      g_assert (!g_unichar_iscntrl (c) || (c < 0x80 && strchr (allowed, (char) c) != NULL));
    }
}

/* What a GtkLabel makes of the markup: only <a href> elements, hrefs that
 * pass the link check, and text that is exactly the sanitized input. */
typedef struct {
  GString *text;
  guint    depth;
  char    *href;      /* of the link being read */
  gsize    link_start;
} MarkupCheck;

static void
markup_start (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              user_data,
              GError              **error)
{
  MarkupCheck *check = user_data;

  check->depth++;
  if (g_str_equal (element, "markup"))
    {
      g_assert (check->depth == 1 && names[0] == NULL);
      return;
    }

  /* Links do not nest, and carry exactly one attribute. */
  g_assert (g_str_equal (element, "a"));
  g_assert (check->depth == 2);
  g_assert (names[0] != NULL && g_str_equal (names[0], "href") && names[1] == NULL);
  g_assert (bottega_text_link_is_safe (values[0]));
  check->href = g_strdup (values[0]);
  check->link_start = check->text->len;
}

static void
markup_end (GMarkupParseContext  *context,
            const char           *element,
            gpointer              user_data,
            GError              **error)
{
  MarkupCheck *check = user_data;

  /* A link shows where it leads: its text is its target (an e-mail
   * address without its mailto:). */
  if (check->href != NULL)
    {
      const char *shown = check->text->str + check->link_start;
      const char *target = check->href;

      if (g_str_has_prefix (target, "mailto:") && strchr (shown, ':') == NULL)
        target += strlen ("mailto:");
      g_assert (g_str_equal (shown, target));
      g_clear_pointer (&check->href, g_free);
    }
  check->depth--;
}

static void
markup_text (GMarkupParseContext  *context,
             const char           *text,
             gsize                 len,
             gpointer              user_data,
             GError              **error)
{
  MarkupCheck *check = user_data;

  g_string_append_len (check->text, text, (gssize) len);
}

static void
check_markup (const char *markup,
              const char *expected_text)
{
  static const GMarkupParser parser = { markup_start, markup_end, markup_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrapped = g_strconcat ("<markup>", markup, "</markup>", NULL);
  MarkupCheck check = { g_string_new (NULL), 0, NULL, 0 };

  context = g_markup_parse_context_new (&parser, 0, &check, NULL);
  if (!g_markup_parse_context_parse (context, wrapped, -1, &error) ||
      !g_markup_parse_context_end_parse (context, &error))
    g_error ("The markup does not parse: %s", error->message);

  g_assert (check.depth == 0);
  g_assert (g_str_equal (check.text->str, expected_text));
  g_string_free (check.text, TRUE);
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
  g_autofree char *text = NULL;
  g_autofree char *one_line = NULL;
  g_autofree char *bubble = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *preview = NULL;
  g_autoptr(BottegaMessage) message = NULL;
  guint max_chars;

  if (size == 0)
    return 0;

  /* The first byte picks the preview length; the rest is the text, as far
   * as C strings go. */
  max_chars = data[0] % 64;
  text = g_strndup ((const char *) data + 1, size - 1);

  one_line = bottega_text_one_line (text, max_chars);
  check_visible (one_line, "");
  if (max_chars > 0 && g_utf8_strlen (one_line, -1) > (glong) max_chars + 1)
    g_error ("A one-line text of at most %u characters has %ld", max_chars, g_utf8_strlen (one_line, -1));

  bubble = bottega_text_sanitize (text);
  check_visible (bubble, "\n\t");

  markup = bottega_text_to_markup (text);
  check_markup (markup, bubble);

  message = bottega_message_new ();
  bottega_message_set_content (message, text);
  bottega_message_set_message_type (message, (BottegaMessageType) (data[0] % 4));
  bottega_message_set_private (message, (data[0] & 0x80) != 0);
  preview = bottega_text_message_preview (message);
  check_visible (preview, "");

  return 0;
}
