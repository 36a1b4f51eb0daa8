/* bottega-price.h: prices in minor units, parsed from feeds and formatted for a locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Prices are integers of the currency's minor unit (cents for EUR) with an
 * ISO 4217 code beside them: never floating point. */

/* The largest amount a price may have, in minor units (10^15: a trillion
 * euros is no product's price, and it keeps every sum far from overflow). */
#define BOTTEGA_PRICE_MAX_MINOR G_GINT64_CONSTANT (1000000000000000)

/* Decimal digits of the currency's minor unit: 0 for JPY, KRW, …; 3 for
 * KWD, BHD, …; 2 for every other code, known or not. */
guint     bottega_currency_get_exponent (const char *currency);
/* Three ASCII letters (either case). */
gboolean  bottega_currency_is_valid     (const char *currency);

/* A product feed's price: "<amount> <ISO 4217 code>", such as "12.50 EUR",
 * "12 EUR", "1250 JPY", "0.125 KWD". The amount has no thousands separators
 * and no sign; its decimals (at most the currency's, more only as trailing
 * zeros) follow a dot or a single decimal comma ("12,50 EUR"). Surrounding
 * spaces are ignored. Returns FALSE, setting nothing, for anything else.
 * @currency (optional) receives the upper-case code; free it. */
gboolean  bottega_price_parse           (const char  *text,
                                         gint64      *minor,
                                         char       **currency);

/* A price as a shop displays it, as Meta's catalog API returns it: a symbol
 * or code before or after the amount ("€12.50", "12,50 €", "R$ 1.234,50",
 * "USD 1,234.50"), thousands separators allowed; or a bare integer, which is
 * Meta's own price format in minor units ("1250" is 12.50 EUR). @currency is
 * the code given beside the price (Meta's `currency` field) and wins over
 * the symbol; with NULL the code comes from the symbol. Returns FALSE,
 * setting nothing, when the text is not a price. */
gboolean  bottega_price_parse_display   (const char  *text,
                                         const char  *currency,
                                         gint64      *minor,
                                         char       **currency_out);

/* The price written as the locale writes amounts of money, following
 * CLDR: it_IT "1.234,50 €", pt_BR "R$ 1.234,50", pt_PT "1234,50 €",
 * en_US "€1,234.50", de "1.234,50 €", fr "1 234,50 €", es "1234,50 €" (the
 * spaces are the no-break spaces CLDR uses). The rules are built in, so no
 * system locale needs to be installed. @locale is a POSIX or BCP 47 name
 * ("it_IT.UTF-8", "pt-BR"); NULL means the user's (LC_MONETARY, then the
 * LC_ALL / LC_MONETARY / LANG environment, then the language list). A
 * language without rules gets the feed format, "1234.50 EUR". */
char     *bottega_price_format          (gint64       minor,
                                         const char  *currency,
                                         const char  *locale);

G_END_DECLS
