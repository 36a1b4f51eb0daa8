/* bottega-price.c: prices in minor units, parsed from feeds and formatted for a locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "bottega-price.h"

#define NBSP       "\xc2\xa0"      /* U+00A0 NO-BREAK SPACE */
#define NNBSP      "\xe2\x80\xaf"  /* U+202F NARROW NO-BREAK SPACE */

/* ---- currencies ---- */

/* ISO 4217 codes whose minor unit is not the hundredth. */
static const struct {
  const char *code;
  guint       exponent;
} exponents[] = {
  { "BHD", 3 }, { "IQD", 3 }, { "JOD", 3 }, { "KWD", 3 }, { "LYD", 3 }, { "OMR", 3 }, { "TND", 3 },
  { "BIF", 0 }, { "CLP", 0 }, { "DJF", 0 }, { "GNF", 0 }, { "ISK", 0 }, { "JPY", 0 }, { "KMF", 0 },
  { "KRW", 0 }, { "PYG", 0 }, { "RWF", 0 }, { "UGX", 0 }, { "UYI", 0 }, { "VND", 0 }, { "VUV", 0 },
  { "XAF", 0 }, { "XOF", 0 }, { "XPF", 0 },
};

gboolean
bottega_currency_is_valid (const char *currency)
{
  if (currency == NULL || strlen (currency) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isalpha (currency[i]))
      return FALSE;

  return TRUE;
}

guint
bottega_currency_get_exponent (const char *currency)
{
  if (!bottega_currency_is_valid (currency))
    return 2;

  for (guint i = 0; i < G_N_ELEMENTS (exponents); i++)
    if (g_ascii_strcasecmp (exponents[i].code, currency) == 0)
      return exponents[i].exponent;

  return 2;
}

static gint64
power_of_ten (guint exponent)
{
  gint64 value = 1;

  while (exponent-- > 0)
    value *= 10;
  return value;
}

/* Minor units from the integer and fraction digits of an amount (ASCII
 * digits only). FALSE when the fraction has more non-zero digits than the
 * currency has decimals, or the amount is too large. */
static gboolean
digits_to_minor (const char *int_digits,
                 gsize       int_len,
                 const char *frac_digits,
                 gsize       frac_len,
                 guint       exponent,
                 gint64     *minor)
{
  gint64 value = 0;

  if (int_len == 0 && frac_len == 0)
    return FALSE;

  for (gsize i = 0; i < int_len; i++)
    {
      if (value > BOTTEGA_PRICE_MAX_MINOR)
        return FALSE;
      value = value * 10 + (int_digits[i] - '0');
    }
  if (value > BOTTEGA_PRICE_MAX_MINOR / power_of_ten (exponent))
    return FALSE;
  value *= power_of_ten (exponent);

  for (gsize i = 0; i < frac_len; i++)
    {
      int digit = frac_digits[i] - '0';

      if (i < exponent)
        value += digit * power_of_ten (exponent - 1 - i);
      else if (digit != 0)
        return FALSE;   /* "12.505 EUR": more precision than the currency has */
    }

  if (value > BOTTEGA_PRICE_MAX_MINOR)
    return FALSE;

  *minor = value;
  return TRUE;
}

/* ---- the feed format ---- */

gboolean
bottega_price_parse (const char  *text,
                     gint64      *minor,
                     char       **currency)
{
  const char *p = text;
  const char *int_start, *frac_start = NULL;
  gsize int_len, frac_len = 0;
  char code[4];
  gint64 value;

  g_return_val_if_fail (minor != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  while (g_ascii_isspace (*p))
    p++;

  int_start = p;
  while (g_ascii_isdigit (*p))
    p++;
  int_len = p - int_start;
  if (int_len == 0)
    return FALSE;

  if (*p == '.' || *p == ',')
    {
      p++;
      frac_start = p;
      while (g_ascii_isdigit (*p))
        p++;
      frac_len = p - frac_start;
      if (frac_len == 0)
        return FALSE;
    }

  /* One or more spaces, then exactly three letters, then nothing. */
  if (*p != ' ' && *p != '\t')
    return FALSE;
  while (*p == ' ' || *p == '\t')
    p++;
  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_isalpha (p[i]))
        return FALSE;
      code[i] = g_ascii_toupper (p[i]);
    }
  code[3] = '\0';
  p += 3;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    return FALSE;

  if (!digits_to_minor (int_start, int_len, frac_start, frac_len,
                        bottega_currency_get_exponent (code), &value))
    return FALSE;

  *minor = value;
  if (currency != NULL)
    *currency = g_strdup (code);
  return TRUE;
}

/* ---- displayed prices ---- */

static const struct {
  const char *symbol;
  const char *code;
} symbols[] = {
  /* longest first: "R$" before "$" */
  { "US$", "USD" }, { "R$", "BRL" }, { "JP¥", "JPY" }, { "CA$", "CAD" }, { "A$", "AUD" },
  { "€", "EUR" }, { "£", "GBP" }, { "¥", "JPY" }, { "$", "USD" }, { "₹", "INR" },
  { "zł", "PLN" }, { "Kč", "CZK" }, { "₺", "TRY" },
};

/* A group separator inside an amount: a space of any kind or an apostrophe (de_CH). */
static gsize
group_space_len (const char *p)
{
  if (*p == ' ' || *p == '\'')
    return 1;
  if (g_str_has_prefix (p, NBSP))
    return strlen (NBSP);
  if (g_str_has_prefix (p, NNBSP) || g_str_has_prefix (p, "\xe2\x80\x99"))
    return 3;
  return 0;
}

/* @text without spaces of any kind around it. */
static char *
strip_spaces (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)) && g_utf8_get_char (prev) != 0x202f)
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

/* The code for what stands around the amount ("€", "EUR", "R$", ""), or NULL. */
static const char *
code_for_symbol (const char *symbol,
                 char        code[4])
{
  if (bottega_currency_is_valid (symbol))
    {
      for (guint i = 0; i < 3; i++)
        code[i] = g_ascii_toupper (symbol[i]);
      code[3] = '\0';
      return code;
    }

  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (g_str_equal (symbol, symbols[i].symbol))
      return symbols[i].code;

  return NULL;
}

gboolean
bottega_price_parse_display (const char  *text,
                             const char  *currency,
                             gint64      *minor,
                             char       **currency_out)
{
  g_autoptr(GString) before = g_string_new (NULL);
  g_autoptr(GString) after = g_string_new (NULL);
  g_autoptr(GString) digits = g_string_new (NULL);  /* the amount without spaces */
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  const char *symbol_code = NULL;
  const char *code = NULL;
  const char *p;
  const char *last_dot, *last_comma, *decimal = NULL;
  gboolean bare;
  char code_buf[4];
  char currency_buf[4];
  guint exponent;
  gint64 value = 0;

  g_return_val_if_fail (minor != NULL, FALSE);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  /* symbol-or-code, amount, symbol-or-code */
  p = text;
  while (*p != '\0' && !g_ascii_isdigit (*p))
    {
      g_string_append_unichar (before, g_utf8_get_char (p));
      p = g_utf8_next_char (p);
    }
  while (*p != '\0')
    {
      gsize space = group_space_len (p);

      if (g_ascii_isdigit (*p) || *p == '.' || *p == ',')
        g_string_append_c (digits, *p++);
      else if (space > 0 && (g_ascii_isdigit (p[space]) && digits->len > 0 &&
                             g_ascii_isdigit (digits->str[digits->len - 1])))
        p += space;   /* "1 234" */
      else
        break;
    }
  g_string_append (after, p);

  before_text = strip_spaces (before->str);
  after_text = strip_spaces (after->str);
  /* A sign, or text on both sides, is no price. */
  if (strchr (before_text, '-') != NULL || (*before_text != '\0' && *after_text != '\0') ||
      digits->len == 0 || !g_ascii_isdigit (digits->str[0]) ||
      !g_ascii_isdigit (digits->str[digits->len - 1]))
    return FALSE;

  bare = *before_text == '\0' && *after_text == '\0';
  if (!bare)
    {
      symbol_code = code_for_symbol (*before_text != '\0' ? before_text : after_text, code_buf);
      if (symbol_code == NULL)
        return FALSE;
    }

  if (bottega_currency_is_valid (currency))
    {
      for (guint i = 0; i < 3; i++)
        currency_buf[i] = g_ascii_toupper (currency[i]);
      currency_buf[3] = '\0';
      code = currency_buf;
    }
  else
    code = symbol_code;
  if (code == NULL)
    return FALSE;
  exponent = bottega_currency_get_exponent (code);

  /* Which mark is the decimal one: the last of two kinds ("1.234,50"); a
   * single mark unless three digits follow it in a currency with fewer
   * decimals ("1,234" dollars, "1.234" euros); never a repeated one. */
  last_dot = strrchr (digits->str, '.');
  last_comma = strrchr (digits->str, ',');
  if (last_dot != NULL && last_comma != NULL)
    decimal = MAX (last_dot, last_comma);
  else if (last_dot != NULL || last_comma != NULL)
    {
      const char *mark = last_dot != NULL ? last_dot : last_comma;

      if (strchr (digits->str, *mark) == mark && !(strlen (mark + 1) == 3 && exponent != 3))
        decimal = mark;
    }

  if (bare && decimal == NULL && last_dot == NULL && last_comma == NULL)
    {
      /* Meta's own format: an integer of minor units. */
      if (!digits_to_minor (digits->str, digits->len, NULL, 0, 0, &value))
        return FALSE;
    }
  else
    {
      g_autoptr(GString) int_digits = g_string_new (NULL);
      const char *frac = decimal != NULL ? decimal + 1 : "";

      for (const char *q = digits->str; *q != '\0' && q != decimal; q++)
        if (g_ascii_isdigit (*q))
          g_string_append_c (int_digits, *q);
      for (const char *q = frac; *q != '\0'; q++)
        if (!g_ascii_isdigit (*q))
          return FALSE;
      if (!digits_to_minor (int_digits->str, int_digits->len, frac, strlen (frac), exponent, &value))
        return FALSE;
    }

  *minor = value;
  if (currency_out != NULL)
    *currency_out = g_strdup (code);
  return TRUE;
}

/* ---- formatting ---- */

typedef struct {
  const char *decimal;
  const char *group;
  guint       min_grouping;  /* digits before the first group separator is used: 1 = from 1,000 */
  gboolean    symbol_first;
  gboolean    symbol_space;  /* a no-break space between symbol and amount */
} MoneyStyle;

/* CLDR's "standard" currency patterns and number symbols. */
static const MoneyStyle style_it = { ",", ".", 1, FALSE, TRUE };      /* 1.234,50 € */
static const MoneyStyle style_de = { ",", ".", 1, FALSE, TRUE };      /* 1.234,50 € */
static const MoneyStyle style_fr = { ",", NNBSP, 1, FALSE, TRUE };    /* 1 234,50 € */
static const MoneyStyle style_es = { ",", ".", 2, FALSE, TRUE };      /* 1234,50 €, 12.345,50 € */
static const MoneyStyle style_pt_br = { ",", ".", 1, TRUE, TRUE };    /* R$ 1.234,50 */
static const MoneyStyle style_pt_pt = { ",", NBSP, 2, FALSE, TRUE };  /* 1234,50 €, 12 345,50 € */
static const MoneyStyle style_en = { ".", ",", 1, TRUE, FALSE };      /* €1,234.50 */

typedef struct {
  char language[4];
  char territory[4];
} Locale;

static gboolean
is_c_locale (const char *name)
{
  return name == NULL || *name == '\0' ||
         g_str_equal (name, "C") || g_str_equal (name, "POSIX") ||
         g_str_has_prefix (name, "C.");
}

/* The user's locale for money: what setlocale() chose for LC_MONETARY, or,
 * when that is C because the locale is not installed (CI machines have only
 * C.UTF-8), what the environment asks for in POSIX order. */
static const char *
user_locale (void)
{
  static const char * const variables[] = { "LC_ALL", "LC_MONETARY", "LANG" };
  const char *name = setlocale (LC_MONETARY, NULL);
  const char * const *languages;

  if (!is_c_locale (name))
    return name;

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *value = g_getenv (variables[i]);

      if (value != NULL && *value != '\0')
        return is_c_locale (value) ? "C" : value;
    }

  languages = g_get_language_names ();
  return languages[0] != NULL ? languages[0] : "C";
}

/* "pt_BR.UTF-8@euro", "pt-BR", "it" → language and territory. */
static void
parse_locale (const char *name,
              Locale     *locale)
{
  const char *p = name;
  guint i;

  memset (locale, 0, sizeof *locale);

  for (i = 0; i < 3 && g_ascii_isalpha (*p); i++, p++)
    locale->language[i] = g_ascii_tolower (*p);
  if (g_ascii_isalpha (*p))
    {
      locale->language[0] = '\0';   /* not a language code */
      return;
    }
  if (*p != '_' && *p != '-')
    return;
  p++;
  for (i = 0; i < 3 && g_ascii_isalnum (*p); i++, p++)
    locale->territory[i] = g_ascii_toupper (*p);
  if (g_ascii_isalnum (*p))
    locale->territory[0] = '\0';
}

static const MoneyStyle *
style_for (const Locale *locale)
{
  const char *lang = locale->language;

  if (g_str_equal (lang, "it"))
    return &style_it;
  if (g_str_equal (lang, "de"))
    return &style_de;
  if (g_str_equal (lang, "fr"))
    return &style_fr;
  if (g_str_equal (lang, "es"))
    return &style_es;
  if (g_str_equal (lang, "pt"))
    return g_str_equal (locale->territory, "BR") ? &style_pt_br : &style_pt_pt;
  if (g_str_equal (lang, "en"))
    return &style_en;
  return NULL;
}

/* The symbol CLDR uses for @code in @locale; the code itself when it has none. */
static const char *
symbol_for (const char   *code,
            const Locale *locale)
{
  const char *lang = locale->language;

  if (g_str_equal (code, "EUR"))
    return "€";
  if (g_str_equal (code, "GBP"))
    return "£";
  if (g_str_equal (code, "BRL"))
    return g_str_equal (lang, "it") || g_str_equal (lang, "es") ? code : "R$";
  if (g_str_equal (code, "USD"))
    {
      if (g_str_equal (lang, "en"))
        return g_str_equal (locale->territory, "US") || locale->territory[0] == '\0' ? "$" : "US$";
      if (g_str_equal (lang, "pt") || g_str_equal (lang, "es"))
        return "US$";
      if (g_str_equal (lang, "fr"))
        return "$US";
      if (g_str_equal (lang, "de"))
        return "$";
      return code;
    }
  if (g_str_equal (code, "JPY"))
    return g_str_equal (lang, "en") ? "¥" : g_str_equal (lang, "it") ? code : "JP¥";
  return code;
}

static void
append_grouped (GString          *out,
                guint64           value,
                const MoneyStyle *style)
{
  char digits[32];
  gsize len;

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
  len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      gsize left = len - i;

      g_string_append_c (out, digits[i]);
      if (style != NULL && left > 1 && (left - 1) % 3 == 0 && len >= 3 + style->min_grouping)
        g_string_append (out, style->group);
    }
}

char *
bottega_price_format (gint64      minor,
                      const char *currency,
                      const char *locale_name)
{
  g_autoptr(GString) amount = g_string_new (NULL);
  GString *out;
  const MoneyStyle *style;
  const char *symbol;
  Locale locale;
  char code[4] = "XXX";
  guint exponent;
  guint64 magnitude, unit;

  if (bottega_currency_is_valid (currency))
    for (guint i = 0; i < 3; i++)
      code[i] = g_ascii_toupper (currency[i]);
  exponent = bottega_currency_get_exponent (code);

  parse_locale (locale_name != NULL ? locale_name : user_locale (), &locale);
  style = style_for (&locale);

  /* G_MININT64 has no positive counterpart in gint64. */
  magnitude = minor < 0 ? (guint64) (-(minor + 1)) + 1 : (guint64) minor;
  unit = (guint64) power_of_ten (exponent);

  append_grouped (amount, magnitude / unit, style);
  if (exponent > 0)
    {
      g_string_append (amount, style != NULL ? style->decimal : ".");
      g_string_append_printf (amount, "%0*" G_GUINT64_FORMAT, (int) exponent, magnitude % unit);
    }

  out = g_string_new (minor < 0 ? "-" : NULL);

  /* No rules for this language: the feed's own format. */
  if (style == NULL)
    {
      g_string_append_printf (out, "%s %s", amount->str, code);
      return g_string_free (out, FALSE);
    }

  symbol = symbol_for (code, &locale);
  if (style->symbol_first)
    {
      g_string_append (out, symbol);
      /* CLDR puts a space after a symbol made of letters ("CHF 12.50"). */
      if (style->symbol_space || g_ascii_isalpha (symbol[strlen (symbol) - 1]))
        g_string_append (out, NBSP);
      g_string_append (out, amount->str);
    }
  else
    {
      g_string_append (out, amount->str);
      g_string_append (out, NBSP);
      g_string_append (out, symbol);
    }

  return g_string_free (out, FALSE);
}
