/* test-sensitive.c: the sensitive-data guard's detection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "bottega-sensitive.h"

/* The one match in @text, of @kind, covering @found and shown as @masked. */
static void
assert_one (const char           *text,
            BottegaSensitiveKind  kind,
            const char           *found,
            const char           *masked)
{
  g_autoptr(GPtrArray) matches = bottega_sensitive_scan (text);
  BottegaSensitiveMatch *match;
  g_autofree char *slice = NULL;

  if (matches->len != 1)
    g_error ("expected one match in “%s”, found %u", text, matches->len);
  match = g_ptr_array_index (matches, 0);
  g_assert_cmpint (match->kind, ==, kind);
  slice = g_strndup (text + match->start, match->end - match->start);
  g_assert_cmpstr (slice, ==, found);
  if (masked != NULL)
    g_assert_cmpstr (match->masked, ==, masked);
}

static void
assert_none (const char *text)
{
  g_autoptr(GPtrArray) matches = bottega_sensitive_scan (text);

  if (matches->len != 0)
    {
      BottegaSensitiveMatch *match = g_ptr_array_index (matches, 0);

      g_error ("expected nothing in “%s”, found kind %d at “%.*s”", text, match->kind,
               (int) (match->end - match->start), text + match->start);
    }
}

/* Whatever was found, the masked hint never holds the whole secret. */
static void
assert_masked (const char *text,
               const char *secret)
{
  g_autoptr(GPtrArray) matches = bottega_sensitive_scan (text);

  g_assert_cmpuint (matches->len, >, 0);
  for (guint i = 0; i < matches->len; i++)
    {
      BottegaSensitiveMatch *match = g_ptr_array_index (matches, i);

      g_assert_null (strstr (match->masked, secret));
    }
}

static void
test_luhn (void)
{
  g_assert_true (bottega_sensitive_luhn_valid ("4111111111111111"));
  g_assert_true (bottega_sensitive_luhn_valid ("5555555555554444"));
  g_assert_true (bottega_sensitive_luhn_valid ("378282246310005"));
  g_assert_true (bottega_sensitive_luhn_valid ("6011111111111117"));
  g_assert_true (bottega_sensitive_luhn_valid ("30569309025904"));
  g_assert_false (bottega_sensitive_luhn_valid ("4111111111111112"));
  g_assert_false (bottega_sensitive_luhn_valid ("5555555555554445"));
  g_assert_false (bottega_sensitive_luhn_valid (""));
  g_assert_false (bottega_sensitive_luhn_valid ("4111 1111"));
}

static void
test_cards (void)
{
  assert_one ("Ecco la carta: 4111 1111 1111 1111, scade 12/27", BOTTEGA_SENSITIVE_CARD,
              "4111 1111 1111 1111", "•••• 1111");
  assert_one ("4111-1111-1111-1111", BOTTEGA_SENSITIVE_CARD, "4111-1111-1111-1111", "•••• 1111");
  assert_one ("o número é 5555555555554444.", BOTTEGA_SENSITIVE_CARD, "5555555555554444", "•••• 4444");
  assert_one ("Amex 3782 822463 10005 grazie", BOTTEGA_SENSITIVE_CARD, "3782 822463 10005", "•••• 0005");
  assert_one ("Discover 6011 1111 1111 1117 12 28", BOTTEGA_SENSITIVE_CARD,
              "6011 1111 1111 1117", "•••• 1117");
  assert_one ("Diners: 30569309025904", BOTTEGA_SENSITIVE_CARD, "30569309025904", "•••• 5904");
  assert_one ("(4242424242424242)", BOTTEGA_SENSITIVE_CARD, "4242424242424242", NULL);
  assert_masked ("carta 4111 1111 1111 1111", "4111 1111 1111 1111");
  assert_masked ("carta 4111111111111111", "4111111111111111");
}

static void
test_cards_invalid (void)
{
  /* a wrong last digit */
  assert_none ("la carta 4111 1111 1111 1112 non passa");
  assert_none ("5555555555554445");
  /* too short, too long */
  assert_none ("4111 1111 1111");
  assert_none ("41111111111111111111111");
  /* glued to letters: a code, not a card */
  assert_none ("REF4111111111111111X");
}

static void
test_iban (void)
{
  g_assert_true (bottega_sensitive_iban_valid ("IT60X0542811101000000123456"));
  g_assert_true (bottega_sensitive_iban_valid ("it60x0542811101000000123456"));
  g_assert_true (bottega_sensitive_iban_valid ("PT50000201231234567890154"));
  g_assert_true (bottega_sensitive_iban_valid ("ES9121000418450200051332"));
  g_assert_true (bottega_sensitive_iban_valid ("DE89370400440532013000"));
  g_assert_true (bottega_sensitive_iban_valid ("GB82WEST12345698765432"));
  g_assert_false (bottega_sensitive_iban_valid ("DE88370400440532013000"));   /* check digits */
  g_assert_false (bottega_sensitive_iban_valid ("IT60X054281110100000012345")); /* length */
  g_assert_false (bottega_sensitive_iban_valid ("XX89370400440532013000"));   /* no such country */

  assert_one ("Bonifico su IT60 X054 2811 1010 0000 0123 456, intestato a Pelletteria Neri",
              BOTTEGA_SENSITIVE_IBAN, "IT60 X054 2811 1010 0000 0123 456", "IT•••• … 3456");
  assert_one ("IBAN: IT60X0542811101000000123456", BOTTEGA_SENSITIVE_IBAN,
              "IT60X0542811101000000123456", "IT•••• … 3456");
  assert_one ("O meu IBAN é PT50 0002 0123 1234 5678 9015 4 obrigado", BOTTEGA_SENSITIVE_IBAN,
              "PT50 0002 0123 1234 5678 9015 4", "PT•••• … 0154");
  assert_one ("mi IBAN: ES91 2100 0418 4502 0005 1332.", BOTTEGA_SENSITIVE_IBAN,
              "ES91 2100 0418 4502 0005 1332", "ES•••• … 1332");
  assert_one ("de89 3704 0044 0532 0130 00", BOTTEGA_SENSITIVE_IBAN,
              "de89 3704 0044 0532 0130 00", "DE•••• … 3000");
  assert_masked ("IT60X0542811101000000123456", "0542811101000000123456");
}

static void
test_iban_invalid (void)
{
  /* a wrong check digit */
  assert_none ("Konto DE88 3704 0044 0532 0130 00");
  /* one digit missing */
  assert_none ("IT60 X054 2811 1010 0000 0123 45");
  /* inside a longer code */
  assert_none ("SKU DE89370400440532013000123");
}

static void
test_passwords (void)
{
  assert_one ("La password: Gatto2024", BOTTEGA_SENSITIVE_PASSWORD, "password: Gatto2024", "password ••••");
  assert_one ("my password is hunter22.", BOTTEGA_SENSITIVE_PASSWORD, "password is hunter22", NULL);
  assert_one ("pwd=abc123", BOTTEGA_SENSITIVE_PASSWORD, "pwd=abc123", "pwd ••••");
  assert_one ("Passwd : rosso-verde", BOTTEGA_SENSITIVE_PASSWORD, "Passwd : rosso-verde", "Passwd ••••");
  assert_one ("A senha: floresta99", BOTTEGA_SENSITIVE_PASSWORD, "senha: floresta99", "senha ••••");
  assert_one ("Tu contraseña es Sol2024!", BOTTEGA_SENSITIVE_PASSWORD, "contraseña es Sol2024", "contraseña ••••");
  assert_one ("CONTRASEÑA: luna", BOTTEGA_SENSITIVE_PASSWORD, "CONTRASEÑA: luna", "CONTRASEÑA ••••");
  assert_one ("la parola d'ordine è Lupo-77", BOTTEGA_SENSITIVE_PASSWORD, "parola d'ordine è Lupo-77", NULL);
  assert_one ("la parola d’ordine: tramonto", BOTTEGA_SENSITIVE_PASSWORD, "parola d’ordine: tramonto", NULL);
  assert_one ("Das Passwort lautet Berg1234", BOTTEGA_SENSITIVE_PASSWORD, "Passwort lautet Berg1234", "Passwort ••••");
  assert_one ("mot de passe : soleil", BOTTEGA_SENSITIVE_PASSWORD, "mot de passe : soleil", NULL);
  assert_masked ("password: Gatto2024", "Gatto2024");
  assert_masked ("senha: floresta99", "floresta99");
}

static void
test_passwords_not (void)
{
  assert_none ("Ho dimenticato la password, come faccio?");
  assert_none ("la password è sbagliata");
  assert_none ("Reset your password here: https://shop.example/reset");
  assert_none ("The PDF is password-protected");
  assert_none ("Passwords:");
  assert_none ("password:");
  assert_none ("esqueci a senha do site");
}

static void
test_ordinary (void)
{
  /* prices */
  assert_none ("Il totale è 1.234,50 € (IVA inclusa), spedizione 7 €");
  assert_none ("It costs €129.90, or 1,299.00 for the set of ten");
  assert_none ("Preço: 4111111111111,11 €");
  /* phone numbers */
  assert_none ("Chiamami al +39 333 123 4567 o allo 055 123456");
  assert_none ("Ligue para +351 912 345 678");
  assert_none ("+3933312300006");
  assert_none ("tel. 0039 3331234567890");
  /* order, tracking and product numbers */
  assert_none ("Ordine n. 100045 del 12/03/2024");
  assert_none ("Il tuo ordine #2024-000123 è partito");
  assert_none ("Amazon order 302-1234567-1234508");
  assert_none ("Tracking: 1Z999AA10123456784");
  assert_none ("Spedizione BRT 00340434161234567890");
  assert_none ("EAN 8001234567890");
  /* dates, times, words that start like an IBAN */
  assert_none ("Consegna tra il 2024-05-01 e il 2024-05-03, ore 10:30");
  assert_none ("IT department, ES2024 sale, DE 89 Berlin");
  assert_none ("");
}

static void
test_several (void)
{
  const char *text = "Carta 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00 e password: Rosa1234";
  g_autoptr(GPtrArray) matches = bottega_sensitive_scan (text);

  g_assert_cmpuint (matches->len, ==, 3);
  g_assert_cmpint (((BottegaSensitiveMatch *) g_ptr_array_index (matches, 0))->kind, ==, BOTTEGA_SENSITIVE_CARD);
  g_assert_cmpint (((BottegaSensitiveMatch *) g_ptr_array_index (matches, 1))->kind, ==, BOTTEGA_SENSITIVE_IBAN);
  g_assert_cmpint (((BottegaSensitiveMatch *) g_ptr_array_index (matches, 2))->kind, ==, BOTTEGA_SENSITIVE_PASSWORD);

  /* not valid UTF-8: nothing, and no crash */
  assert_none ("\xff\xfe 4111 1111 1111 1111");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sensitive/luhn", test_luhn);
  g_test_add_func ("/sensitive/card/valid", test_cards);
  g_test_add_func ("/sensitive/card/invalid", test_cards_invalid);
  g_test_add_func ("/sensitive/iban/valid", test_iban);
  g_test_add_func ("/sensitive/iban/invalid", test_iban_invalid);
  g_test_add_func ("/sensitive/password/found", test_passwords);
  g_test_add_func ("/sensitive/password/not", test_passwords_not);
  g_test_add_func ("/sensitive/ordinary-text", test_ordinary);
  g_test_add_func ("/sensitive/several", test_several);

  return g_test_run ();
}
