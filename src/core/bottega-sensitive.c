/* bottega-sensitive.c: spotting card numbers, IBANs and passwords in a reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include <string.h>

#include "bottega-sensitive.h"

/* The guard asks before sending, so a miss costs more than a question; but
 * a guard that cries wolf at every price or phone number is soon ignored.
 * Hence checksums (Luhn, mod 97), the card issuers' first digits, each
 * country's IBAN length, and a password only when a value follows. */

#define CARD_MIN_DIGITS 13
#define CARD_MAX_DIGITS 19
#define MASK "••••"

void
bottega_sensitive_match_free (BottegaSensitiveMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->masked);
  g_free (match);
}

static void
add_match (GPtrArray            *matches,
           BottegaSensitiveKind  kind,
           gsize                 start,
           gsize                 end,
           char                 *masked)
{
  BottegaSensitiveMatch *match = g_new0 (BottegaSensitiveMatch, 1);

  match->kind = kind;
  match->start = start;
  match->end = end;
  match->masked = masked;
  g_ptr_array_add (matches, match);
}

static gboolean
overlaps (GPtrArray *matches,
          gsize      start,
          gsize      end)
{
  for (guint i = 0; i < matches->len; i++)
    {
      BottegaSensitiveMatch *match = g_ptr_array_index (matches, i);

      if (start < match->end && match->start < end)
        return TRUE;
    }
  return FALSE;
}

/* ---- cards ---- */

gboolean
bottega_sensitive_luhn_valid (const char *digits)
{
  gsize len;
  guint sum = 0;

  g_return_val_if_fail (digits != NULL, FALSE);

  len = strlen (digits);
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = digits[len - 1 - i];
      guint d;

      if (!g_ascii_isdigit (c))
        return FALSE;
      d = c - '0';
      if (i % 2 == 1)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return sum % 10 == 0;
}

typedef struct {
  gsize start;
  gsize end;
} Group;

/* Payment cards start with 2 (Mastercard, Mir), 3 (Amex, Diners, JCB),
 * 4 (Visa), 5 (Mastercard, Maestro) or 6 (Discover, UnionPay, Maestro);
 * 0, 1, 7, 8 and 9 are phone numbers, barcodes, airline or national ids. */
static gboolean
card_issuer_digit (char first)
{
  return first >= '2' && first <= '6';
}

/* A digit run that cannot be the start of a card: glued to a word, after a
 * "+" (a phone number), or the tail of a bigger number ("1.234 …"). */
static gboolean
card_start_ok (const char *text,
               gsize       at)
{
  char prev;

  if (at == 0)
    return TRUE;
  prev = text[at - 1];
  if (g_ascii_isalnum (prev) || prev == '+' || prev == '_' || (guchar) prev >= 0x80)
    return FALSE;
  if ((prev == '.' || prev == ',' || prev == '/') && at >= 2 && g_ascii_isdigit (text[at - 2]))
    return FALSE;
  return TRUE;
}

static gboolean
card_end_ok (const char *text,
             gsize       at)
{
  char next = text[at];

  if (next == '\0')
    return TRUE;
  if (g_ascii_isalnum (next) || next == '_' || (guchar) next >= 0x80)
    return FALSE;
  /* a price or a decimal: "1234567890123,50" */
  if ((next == '.' || next == ',' || next == '/') && g_ascii_isdigit (text[at + 1]))
    return FALSE;
  return TRUE;
}

/* How people write a card: all in one, in fours (the last group may be
 * shorter: 19-digit cards), or 4-6-5 / 4-6-4 (Amex, Diners). This keeps
 * phone numbers ("333 123 4567") and order numbers ("302-1234567-…") out. */
static gboolean
card_grouping_ok (GArray *groups,
                  guint   a,
                  guint   b)
{
  gsize size[CARD_MAX_DIGITS];
  guint n = b - a + 1;

  if (n == 1)
    return TRUE;
  if (n > G_N_ELEMENTS (size))
    return FALSE;
  for (guint g = 0; g < n; g++)
    {
      Group *group = &g_array_index (groups, Group, a + g);

      size[g] = group->end - group->start;
    }
  if (n == 3 && size[0] == 4 && size[1] == 6 && (size[2] == 4 || size[2] == 5))
    return TRUE;
  for (guint g = 0; g + 1 < n; g++)
    if (size[g] != 4)
      return FALSE;
  return size[n - 1] >= 1 && size[n - 1] <= 4;
}

/* Digit groups separated by one space or dash each ("4111 1111 1111 1111",
 * "4111-1111-…", or none). The longest run of whole groups with 13 to 19
 * digits that passes the checks is the card. */
static gsize
scan_card_run (const char *text,
               gsize       at,
               GPtrArray  *matches)
{
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (Group));
  gsize j = at;

  for (;;)
    {
      Group group = { j, j };

      while (g_ascii_isdigit (text[j]))
        j++;
      group.end = j;
      g_array_append_val (groups, group);
      if ((text[j] == ' ' || text[j] == '-') && g_ascii_isdigit (text[j + 1]))
        {
          j++;
          continue;
        }
      break;
    }

  /* Digits glued to letters on the left are part of a code ("X054 2811
   * …", the rest of a mistyped IBAN): none of the run is a card. */
  if (at > 0 && (g_ascii_isalpha (text[at - 1]) || text[at - 1] == '_' || (guchar) text[at - 1] >= 0x80))
    return j;

  for (guint a = 0; a < groups->len; a++)
    {
      if (a == 0 && !card_start_ok (text, at))
        continue;
      for (guint b = groups->len; b-- > a; )
        {
          Group *first = &g_array_index (groups, Group, a);
          Group *last = &g_array_index (groups, Group, b);
          char digits[CARD_MAX_DIGITS + 1];
          gsize n = 0;
          gboolean too_long = FALSE;

          if (b == groups->len - 1 && !card_end_ok (text, last->end))
            continue;
          for (guint g = a; g <= b && !too_long; g++)
            {
              Group *group = &g_array_index (groups, Group, g);

              for (gsize k = group->start; k < group->end; k++)
                {
                  if (n == CARD_MAX_DIGITS)
                    {
                      too_long = TRUE;
                      break;
                    }
                  digits[n++] = text[k];
                }
            }
          if (too_long || n < CARD_MIN_DIGITS || !card_grouping_ok (groups, a, b))
            continue;
          digits[n] = '\0';
          if (!card_issuer_digit (digits[0]) || !bottega_sensitive_luhn_valid (digits))
            continue;

          add_match (matches, BOTTEGA_SENSITIVE_CARD, first->start, last->end,
                     g_strdup_printf (MASK " %s", digits + n - 4));
          return last->end;
        }
    }

  return j;
}

/* ---- IBANs ---- */

/* The IBAN length of each country in the ISO 13616 registry. */
static const struct {
  char  code[3];
  guint length;
} iban_lengths[] = {
  { "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 }, { "BA", 20 },
  { "BE", 16 }, { "BG", 22 }, { "BH", 22 }, { "BR", 29 }, { "BY", 28 }, { "CH", 21 },
  { "CR", 22 }, { "CY", 28 }, { "CZ", 24 }, { "DE", 22 }, { "DK", 18 }, { "DO", 28 },
  { "EE", 20 }, { "EG", 29 }, { "ES", 24 }, { "FI", 18 }, { "FO", 18 }, { "FR", 27 },
  { "GB", 22 }, { "GE", 22 }, { "GI", 23 }, { "GL", 18 }, { "GR", 27 }, { "GT", 28 },
  { "HR", 21 }, { "HU", 28 }, { "IE", 22 }, { "IL", 23 }, { "IQ", 23 }, { "IS", 26 },
  { "IT", 27 }, { "JO", 30 }, { "KW", 30 }, { "KZ", 20 }, { "LB", 28 }, { "LC", 32 },
  { "LI", 21 }, { "LT", 20 }, { "LU", 20 }, { "LV", 21 }, { "LY", 25 }, { "MC", 27 },
  { "MD", 24 }, { "ME", 22 }, { "MK", 19 }, { "MR", 27 }, { "MT", 31 }, { "MU", 30 },
  { "NL", 18 }, { "NO", 15 }, { "PK", 24 }, { "PL", 28 }, { "PS", 29 }, { "PT", 25 },
  { "QA", 29 }, { "RO", 24 }, { "RS", 22 }, { "SA", 24 }, { "SC", 31 }, { "SD", 18 },
  { "SE", 24 }, { "SI", 19 }, { "SK", 24 }, { "SM", 27 }, { "ST", 25 }, { "SV", 28 },
  { "TL", 23 }, { "TN", 24 }, { "TR", 26 }, { "UA", 29 }, { "VA", 22 }, { "VG", 24 },
  { "XK", 20 },
};

static guint
iban_length (char c1,
             char c2)
{
  c1 = g_ascii_toupper (c1);
  c2 = g_ascii_toupper (c2);
  for (gsize i = 0; i < G_N_ELEMENTS (iban_lengths); i++)
    if (iban_lengths[i].code[0] == c1 && iban_lengths[i].code[1] == c2)
      return iban_lengths[i].length;
  return 0;
}

gboolean
bottega_sensitive_iban_valid (const char *iban)
{
  gsize len;
  guint remainder = 0;
  guint check;

  g_return_val_if_fail (iban != NULL, FALSE);

  len = strlen (iban);
  if (len < 5 || len != iban_length (iban[0], iban[1]) ||
      !g_ascii_isalpha (iban[0]) || !g_ascii_isalpha (iban[1]) ||
      !g_ascii_isdigit (iban[2]) || !g_ascii_isdigit (iban[3]))
    return FALSE;
  check = (iban[2] - '0') * 10 + (iban[3] - '0');
  if (check < 2 || check > 98)
    return FALSE;

  /* The country and check digits go to the end; letters count 10 to 35. */
  for (gsize i = 0; i < len; i++)
    {
      char c = g_ascii_toupper (iban[(i + 4) % len]);

      if (g_ascii_isdigit (c))
        remainder = (remainder * 10 + (c - '0')) % 97;
      else if (c >= 'A' && c <= 'Z')
        remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
      else
        return FALSE;
    }
  return remainder == 1;
}

/* Country code and check digits at a word start, then the country's number
 * of letters and digits, grouped by single spaces or not at all. */
static gsize
scan_iban (const char *text,
           gsize       at,
           GPtrArray  *matches)
{
  guint length;
  char compact[35];
  gsize n = 0;
  gsize j = at;
  char prev = at > 0 ? text[at - 1] : ' ';

  if (g_ascii_isalnum (prev) || prev == '_' || (guchar) prev >= 0x80 ||
      !g_ascii_isalpha (text[at]) || !g_ascii_isalpha (text[at + 1]) ||
      !g_ascii_isdigit (text[at + 2]) || !g_ascii_isdigit (text[at + 3]) ||
      (length = iban_length (text[at], text[at + 1])) == 0)
    return 0;

  while (n < length)
    {
      if (g_ascii_isalnum (text[j]))
        compact[n++] = text[j++];
      else if ((text[j] == ' ' || text[j] == '-') && n > 0 && g_ascii_isalnum (text[j + 1]))
        j++;
      else
        return 0;
    }
  compact[n] = '\0';
  if (g_ascii_isalnum (text[j]) || text[j] == '_' || (guchar) text[j] >= 0x80 ||
      !bottega_sensitive_iban_valid (compact))
    return 0;

  add_match (matches, BOTTEGA_SENSITIVE_IBAN, at, j,
             g_strdup_printf ("%c%c" MASK " … %s", g_ascii_toupper (compact[0]),
                              g_ascii_toupper (compact[1]), compact + n - 4));
  return j;
}

/* ---- passwords ---- */

/* Lower-case; "'" also matches a typographic apostrophe, " " any run of
 * spaces. */
static const char * const password_words[] = {
  "password", "passwd", "pwd", "passcode",
  "senha",                                  /* pt */
  "contraseña", "contrasena",               /* es */
  "parola d'ordine",                        /* it ("password" is what most write) */
  "passwort", "kennwort",                   /* de */
  "mot de passe",                           /* fr */
  "wachtwoord",                             /* nl */
};

/* What may join the word and its value when there is no ":" or "=". */
static const char * const password_verbs[] = {
  "is", "was", "è", "e'", "é", "es", "era", "ist", "lautet", "est", "fica", "will be",
};

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_';
}

/* Matches @word (lower-case) at @p, ignoring case; returns the end or NULL. */
static const char *
match_word (const char *p,
            const char *word)
{
  const char *w = word;

  while (*w != '\0')
    {
      gunichar wc = g_utf8_get_char (w);
      gunichar tc;

      if (*p == '\0')
        return NULL;
      tc = g_utf8_get_char (p);
      if (wc == ' ')
        {
          if (!g_unichar_isspace (tc))
            return NULL;
          while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          w = g_utf8_next_char (w);
          continue;
        }
      if (wc == '\'')
        {
          if (tc != '\'' && tc != 0x2019)
            return NULL;
        }
      else if (g_unichar_tolower (tc) != wc)
        return NULL;
      p = g_utf8_next_char (p);
      w = g_utf8_next_char (w);
    }
  return p;
}

static const char *
skip_blanks (const char *p)
{
  while (*p != '\0' && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

/* The value: everything up to the next white space, less the punctuation
 * that ends a sentence. */
static const char *
value_end (const char *p)
{
  const char *end = p;

  while (*end != '\0' && !g_unichar_isspace (g_utf8_get_char (end)))
    end = g_utf8_next_char (end);
  while (end > p && strchr (".,;!?)\"'", end[-1]) != NULL)
    end--;
  return end;
}

/* After "is"/"è" only something that looks like a secret counts, so that
 * "la password è sbagliata" does not: a digit or a symbol in it, or a
 * capital after its first letter. */
static gboolean
looks_like_secret (const char *start,
                   const char *end)
{
  glong n = g_utf8_strlen (start, end - start);

  if (n < 4)
    return FALSE;
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c) || (!g_unichar_isalpha (c) && !g_unichar_ismark (c)))
        return TRUE;
      if (p != start && g_unichar_isupper (c))
        return TRUE;
    }
  return FALSE;
}

static gsize
scan_password (const char *text,
               const char *p,
               GPtrArray  *matches)
{
  for (gsize i = 0; i < G_N_ELEMENTS (password_words); i++)
    {
      const char *after = match_word (p, password_words[i]);
      const char *value, *end;
      gboolean separator = FALSE;

      if (after == NULL || (*after != '\0' && is_word_char (g_utf8_get_char (after))))
        continue;

      value = skip_blanks (after);
      if (*value == ':' || *value == '=' || g_str_has_prefix (value, "："))
        {
          separator = TRUE;
          value = skip_blanks (g_utf8_next_char (value));
        }
      else
        {
          for (gsize v = 0; v < G_N_ELEMENTS (password_verbs); v++)
            {
              const char *after_verb = match_word (value, password_verbs[v]);

              if (after_verb != NULL && (*after_verb == ' ' || *after_verb == ':'))
                {
                  value = skip_blanks (after_verb);
                  if (*value == ':')
                    value = skip_blanks (value + 1);
                  break;
                }
            }
          if (value == skip_blanks (after))
            continue;
        }

      if (*value == '"' || *value == '\'')
        value++;
      end = value_end (value);
      if (end == value)
        continue;
      if (separator ? g_utf8_strlen (value, end - value) < 3 : !looks_like_secret (value, end))
        continue;

      add_match (matches, BOTTEGA_SENSITIVE_PASSWORD, p - text, end - text,
                 g_strdup_printf ("%.*s " MASK, (int) (after - p), p));
      return end - text;
    }
  return 0;
}

/* ---- all together ---- */

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const BottegaSensitiveMatch *ma = *(BottegaSensitiveMatch * const *) a;
  const BottegaSensitiveMatch *mb = *(BottegaSensitiveMatch * const *) b;

  return ma->start < mb->start ? -1 : ma->start > mb->start;
}

GPtrArray *
bottega_sensitive_scan (const char *text)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func ((GDestroyNotify) bottega_sensitive_match_free);
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) bottega_sensitive_match_free);
  gunichar prev = ' ';

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return g_steal_pointer (&matches);

  /* IBANs and passwords first: an IBAN's digits are no card. */
  for (const char *p = text; *p != '\0'; )
    {
      gsize end = 0;

      if (!is_word_char (prev) &&
          (end = scan_iban (text, p - text, matches)) == 0)
        end = scan_password (text, p, matches);
      if (end > 0)
        {
          p = text + end;
          prev = ' ';
          continue;
        }
      prev = g_utf8_get_char (p);
      p = g_utf8_next_char (p);
    }

  for (gsize i = 0; text[i] != '\0'; )
    {
      if (g_ascii_isdigit (text[i]))
        i = scan_card_run (text, i, cards);
      else
        i++;
    }
  for (guint i = 0; i < cards->len; i++)
    {
      BottegaSensitiveMatch *card = g_ptr_array_index (cards, i);

      if (!overlaps (matches, card->start, card->end))
        g_ptr_array_add (matches, g_ptr_array_steal_index (cards, i--));
    }

  g_ptr_array_sort (matches, compare_matches);
  return g_steal_pointer (&matches);
}
