/* bottega-sensitive.h: spotting card numbers, IBANs and passwords in a reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BOTTEGA_SENSITIVE_CARD,       /* a payment card number (Luhn-valid) */
  BOTTEGA_SENSITIVE_IBAN,       /* an IBAN (mod-97 valid) */
  BOTTEGA_SENSITIVE_PASSWORD,   /* "password: …", "senha: …", … */
} BottegaSensitiveKind;

typedef struct {
  BottegaSensitiveKind  kind;
  gsize                 start;   /* byte offsets of what was found in the text */
  gsize                 end;
  char                 *masked;  /* safe to show: "•••• 1111", "IT•• … 3456", "senha ••••" */
} BottegaSensitiveMatch;

void       bottega_sensitive_match_free (BottegaSensitiveMatch *match);

/* Everything in @text (UTF-8) that looks like a payment card number, an IBAN
 * or a password, in order of appearance: a GPtrArray of
 * BottegaSensitiveMatch, empty when nothing was found. Prices, phone numbers,
 * dates and order numbers are not matches. */
GPtrArray *bottega_sensitive_scan       (const char *text);

/* The checks on their own. @digits: only ASCII digits; @iban: compact
 * (no spaces), letters in either case. */
gboolean   bottega_sensitive_luhn_valid (const char *digits);
gboolean   bottega_sensitive_iban_valid (const char *iban);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaSensitiveMatch, bottega_sensitive_match_free)

G_END_DECLS
