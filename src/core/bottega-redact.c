/* bottega-redact.c: keep personal data out of the logs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include <string.h>

#include "bottega-redact.h"

#define REDACTED "[redacted]"

/* One pattern, so that a single left-to-right pass decides: at each position
 * an e-mail address wins over a token, and a token over a phone number (a
 * token that contains digits is then hidden whole, not in pieces).
 *
 *   e-mail: something@something.tld; the last label has no dot, so that a
 *           full stop after the address stays (an apostrophe is allowed
 *           before the "@" only: "o'neil@…" but "'maria@example.it'").
 *   token:  a run of 20 or more [A-Za-z0-9_-] (access tokens, UUIDs, JWT
 *           parts) that holds a digit or a capital after a lower-case letter
 *           or digit, so that a long ordinary word ("Donaudampfschifffahrt…")
 *           is not a token.
 *   phone:  7 or more digits, with at most two of " .()-" between two digits
 *           and an optional leading "+" or "(", not starting inside a number.
 *           An ISO date ("2024-05-01") is not a phone number. */
static const char redact_pattern[] =
  "[^\\s@<>()\\[\\]{},;:\"]+@[^\\s@<>()\\[\\]{},;:\"']+\\.[^\\s@<>()\\[\\]{},;:\"'.]+"
  "|(?<![A-Za-z0-9_-])"
  "(?=[A-Za-z0-9_-]{20})"
  "(?=[A-Za-z_-]*[0-9]|[A-Za-z0-9_-]*[a-z0-9][A-Z])"
  "[A-Za-z0-9_-]+"
  "|(?<![0-9])"
  "[+(]?"
  "(?![0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9]))"
  "[0-9](?:[ .()-]{0,2}[0-9]){6,}";

static GRegex *
get_redact_regex (void)
{
  static GRegex *regex = NULL;

  if (g_once_init_enter (&regex))
    {
      g_autoptr(GError) error = NULL;
      GRegex *compiled = g_regex_new (redact_pattern, G_REGEX_OPTIMIZE, 0, &error);

      /* The pattern is a constant: failing to compile it is a programming error. */
      if (compiled == NULL)
        g_error ("Cannot compile the redaction pattern: %s", error->message);

      g_once_init_leave (&regex, compiled);
    }

  return regex;
}

char *
bottega_redact (const char *text)
{
  g_autofree char *valid = NULL;
  g_autoptr(GError) error = NULL;
  char *result;

  if (text == NULL)
    return NULL;

  /* GRegex works on UTF-8; make sure broken input cannot slip through. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  result = g_regex_replace_literal (get_redact_regex (), text, -1, 0,
                                    REDACTED, 0, &error);
  if (result == NULL)
    {
      /* Never fall back to the original text: it may hold what we hide. */
      g_warning ("Redaction failed: %s", error->message);
      return g_strdup (REDACTED);
    }

  return result;
}

char *
bottega_redact_digest (const char *text)
{
  g_autoptr(GChecksum) checksum = NULL;
  gsize len;

  if (text == NULL)
    return g_strdup ("len=0");

  len = strlen (text);
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *)text, len);

  return g_strdup_printf ("len=%" G_GSIZE_FORMAT " #%.8s",
                          len, g_checksum_get_string (checksum));
}
