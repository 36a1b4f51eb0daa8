/* bottega-bench-gen.c: a seeded synthetic shop for `bottegactl bench`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-cli"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bottega-bench-gen.h"

/* Every time is before this moment (2026-01-01 00:00 UTC), so the same
 * seed makes the same shop on any day. */
#define BENCH_NOW            G_GINT64_CONSTANT (1767225600)
#define BENCH_SPAN_SECONDS   (365 * 24 * 3600)
#define LONG_CONVERSATION    20000
#define MAX_CONVERSATION     2000
#define CONVERSATIONS_PAGE   25
#define MESSAGES_PAGE        20
#define N_AGENTS             6
#define N_INBOXES            3

/* ---- a small, fast, seeded generator (splitmix64) ---- */

typedef struct {
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static guint
rng_below (Rng   *rng,
           guint  n)
{
  return n == 0 ? 0 : (guint) (rng_next (rng) % n);
}

static double
rng_unit (Rng *rng)
{
  return (double) (rng_next (rng) >> 11) / (double) (G_GUINT64_CONSTANT (1) << 53);
}

static gboolean
rng_chance (Rng    *rng,
            double  p)
{
  return rng_unit (rng) < p;
}

static double
rng_normal (Rng *rng)
{
  double u = MAX (rng_unit (rng), 1e-12);
  double v = rng_unit (rng);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

/* ---- words ---- */

typedef enum { LANG_IT, LANG_PT, LANG_ES, LANG_EN, N_LANGS } Lang;

static const char * const lang_codes[N_LANGS] = { "it", "pt", "es", "en" };

static const char * const words_it[] = {
  "buongiorno", "vorrei", "sapere", "se", "la", "borsa", "in", "pelle", "marrone", "è", "ancora",
  "disponibile", "grazie", "mille", "il", "pacco", "non", "arrivato", "quando", "spedite", "ordine",
  "numero", "taglia", "colore", "nero", "verde", "cappotto", "cintura", "portafoglio", "prezzo",
  "sconto", "negozio", "sabato", "mattina", "perché", "reso", "rimborso", "cambio", "misura",
  "spedizione", "corriere", "tracciamento", "fattura", "pagamento", "carta", "bonifico", "domani",
  "oggi", "settimana", "può", "mandarmi", "una", "foto", "del", "modello", "giacca", "camicia",
  "lino", "cotone", "regalo", "confezione", "perfetto", "allora", "aspetto", "conferma",
};
static const char * const words_pt[] = {
  "bom", "dia", "queria", "saber", "se", "a", "bolsa", "de", "couro", "ainda", "está", "disponível",
  "obrigado", "obrigada", "o", "pacote", "não", "chegou", "quando", "enviam", "pedido", "número",
  "tamanho", "cor", "preto", "verde", "casaco", "cinto", "carteira", "preço", "desconto", "loja",
  "sábado", "manhã", "porquê", "devolução", "reembolso", "troca", "envio", "transportadora",
  "rastreio", "fatura", "pagamento", "cartão", "transferência", "amanhã", "hoje", "semana", "pode",
  "mandar", "uma", "foto", "do", "modelo", "jaqueta", "camisa", "linho", "algodão", "presente",
  "embrulho", "perfeito", "então", "aguardo", "confirmação",
};
static const char * const words_es[] = {
  "buenos", "días", "quería", "saber", "si", "el", "bolso", "de", "piel", "marrón", "sigue",
  "disponible", "gracias", "muchas", "paquete", "no", "ha", "llegado", "cuándo", "envían", "pedido",
  "número", "talla", "color", "negro", "verde", "abrigo", "cinturón", "cartera", "precio",
  "descuento", "tienda", "sábado", "mañana", "por", "qué", "devolución", "reembolso", "cambio",
  "envío", "mensajero", "seguimiento", "factura", "pago", "tarjeta", "transferencia", "hoy",
  "semana", "puede", "mandarme", "una", "foto", "del", "modelo", "chaqueta", "camisa", "lino",
  "algodón", "regalo", "envoltorio", "perfecto", "entonces", "espero", "confirmación",
};
static const char * const words_en[] = {
  "hello", "hi", "I", "would", "like", "to", "know", "if", "the", "brown", "leather", "bag", "is",
  "still", "available", "thanks", "thank", "you", "parcel", "has", "not", "arrived", "when", "do",
  "ship", "order", "number", "size", "colour", "black", "green", "coat", "belt", "wallet", "price",
  "discount", "shop", "Saturday", "morning", "why", "return", "refund", "exchange", "shipping",
  "courier", "tracking", "invoice", "payment", "card", "transfer", "tomorrow", "today", "week",
  "can", "send", "me", "a", "photo", "of", "model", "jacket", "shirt", "linen", "cotton", "gift",
  "wrapping", "perfect", "then", "waiting", "confirmation",
};

static const char * const * const words[N_LANGS] = { words_it, words_pt, words_es, words_en };
static const guint n_words[N_LANGS] = {
  G_N_ELEMENTS (words_it), G_N_ELEMENTS (words_pt), G_N_ELEMENTS (words_es), G_N_ELEMENTS (words_en),
};

static const char * const first_names[N_LANGS][12] = {
  { "Giulia", "Marco", "Chiara", "Luca", "Francesca", "Matteo", "Sara", "Alessandro", "Elena", "Davide", "Martina", "Simone" },
  { "João", "Ana", "Pedro", "Mariana", "Tiago", "Beatriz", "Rui", "Inês", "Miguel", "Sofia", "Gonçalo", "Leonor" },
  { "Lucía", "Javier", "María", "Pablo", "Carmen", "Diego", "Elena", "Sergio", "Paula", "Álvaro", "Marta", "Hugo" },
  { "Emma", "Oliver", "Amelia", "Jack", "Isla", "Harry", "Ava", "George", "Mia", "Noah", "Grace", "Leo" },
};
static const char * const last_names[N_LANGS][12] = {
  { "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo" },
  { "Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa", "Fernandes", "Gonçalves", "Lopes" },
  { "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz" },
  { "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans", "Thomas", "Roberts", "Walker" },
};
static const char * const cities[N_LANGS] = { "Milano", "Lisboa", "Madrid", "London" };
static const char * const countries[N_LANGS] = { "Italy", "Portugal", "Spain", "United Kingdom" };
static const char * const country_codes[N_LANGS] = { "IT", "PT", "ES", "GB" };
static const char * const phone_prefixes[N_LANGS] = { "+39", "+351", "+34", "+44" };

static const char * const agent_names[N_AGENTS] = {
  "Anna Bottega", "Paolo Verdi", "Rita Neri", "Bruno Galli", "Irene Costa", "Tommaso Villa",
};
static const char * const label_titles[] = {
  "vip", "reso", "spedizione", "pagamento", "preventivo", "reclamo", "b2b", "regalo",
};
static const char * const inbox_names[N_INBOXES] = { "WhatsApp", "E-mail", "Sito web" };
static const char * const inbox_channels[N_INBOXES] = {
  "Channel::Whatsapp", "Channel::Email", "Channel::WebWidget",
};

const char * const *
bench_shop_search_words (void)
{
  static const char * const queries[] = {
    "borsa", "pacco arriv", "rimborso", "spedi", "couro", "obrigad", "devoluc", "talla",
    "leather bag", "refund", "tracking", "fattura", "cappotto verde", "sabato", "transfer",
    "ca", "pr", "foto", "desconto", "cintur",
    NULL,
  };

  return queries;
}

/* ---- the shop's outline ---- */

typedef struct {
  guint32 length;          /* messages */
  guint32 customer;        /* index */
  gint64  first_message;   /* remote id of the first message */
  gint64  created_at;
  gint64  last_activity_at;
  guint64 seed;
} Outline;

struct _BenchShop {
  guint64  seed;
  guint64  n_messages;
  guint64  n_attachments;
  GArray  *outlines;       /* Outline, by display id - 1 */
  guint    n_customers;
  guint   *order;          /* conversation indexes, newest activity first */
  guint    long_index;
};

/* The time between two messages of a conversation: mostly minutes, now
 * and then hours or days. */
static gint64
next_gap (Rng *rng)
{
  double r = rng_unit (rng);

  if (r < 0.70)
    return 20 + rng_below (rng, 600);
  if (r < 0.95)
    return 600 + rng_below (rng, 6 * 3600);
  return 86400 + rng_below (rng, 3 * 86400);
}

static int
compare_activity (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  GArray *outlines = user_data;
  const Outline *x = &g_array_index (outlines, Outline, *(const guint *) a);
  const Outline *y = &g_array_index (outlines, Outline, *(const guint *) b);

  if (x->last_activity_at != y->last_activity_at)
    return x->last_activity_at > y->last_activity_at ? -1 : 1;
  return *(const guint *) a > *(const guint *) b ? -1 : 1;
}

/* Walks the times of @outline's messages; returns the last one. */
static gint64
walk_times (const Outline *outline,
            gint64        *times)
{
  Rng rng = { outline->seed ^ G_GUINT64_CONSTANT (0x7A3E) };
  gint64 at = outline->created_at;
  /* A long conversation spans its months: its gaps are shorter. */
  gboolean dense = outline->length > MAX_CONVERSATION;

  for (guint32 i = 0; i < outline->length; i++)
    {
      if (i > 0)
        at += dense ? 60 + rng_below (&rng, 1800) : next_gap (&rng);
      if (times != NULL)
        times[i] = at;
    }

  return at;
}

BenchShop *
bench_shop_new (guint64 n_messages,
                guint64 seed)
{
  BenchShop *shop = g_new0 (BenchShop, 1);
  Rng rng = { seed };
  guint64 left = MAX (n_messages, 1);
  guint64 long_length = MIN (LONG_CONVERSATION, MAX (n_messages / 5, 1));
  gint64 next_id = 1000;

  shop->seed = seed;
  shop->n_messages = left;
  shop->outlines = g_array_new (FALSE, TRUE, sizeof (Outline));

  while (left > 0)
    {
      Outline outline = { 0, };
      guint64 length;

      if (shop->outlines->len == 0)
        {
          length = long_length;
        }
      else
        {
          /* Log-normal: most conversations have a handful of messages,
           * a few have hundreds. Mean about 17. */
          double x = exp (2.2 + 1.0 * rng_normal (&rng));

          length = CLAMP ((guint64) x + 1, 1, MAX_CONVERSATION);
        }
      length = MIN (length, left);
      left -= length;

      outline.length = (guint32) length;
      outline.seed = rng_next (&rng);
      outline.first_message = next_id;
      next_id += (gint64) length;
      g_array_append_val (shop->outlines, outline);
    }

  /* About one customer for three conversations; some come back often. */
  shop->n_customers = MAX (shop->outlines->len / 3, 1);
  for (guint i = 0; i < shop->outlines->len; i++)
    {
      Outline *outline = &g_array_index (shop->outlines, Outline, i);
      double r = rng_unit (&rng);

      outline->customer = (guint32) MIN ((guint) (r * r * shop->n_customers), shop->n_customers - 1);
      if (i == 0)
        {
          /* The long one runs for most of the year, up to today. */
          outline->created_at = BENCH_NOW - BENCH_SPAN_SECONDS;
          outline->last_activity_at = walk_times (outline, NULL);
          if (outline->last_activity_at > BENCH_NOW)
            outline->created_at -= outline->last_activity_at - BENCH_NOW;
          outline->last_activity_at = walk_times (outline, NULL);
        }
      else
        {
          outline->created_at = BENCH_NOW - BENCH_SPAN_SECONDS + (gint64) rng_below (&rng, BENCH_SPAN_SECONDS);
          outline->last_activity_at = walk_times (outline, NULL);
          if (outline->last_activity_at > BENCH_NOW)
            {
              outline->created_at -= outline->last_activity_at - BENCH_NOW;
              outline->last_activity_at = BENCH_NOW;
            }
        }
    }

  shop->order = g_new (guint, shop->outlines->len);
  for (guint i = 0; i < shop->outlines->len; i++)
    shop->order[i] = i;
  g_qsort_with_data (shop->order, shop->outlines->len, sizeof (guint), compare_activity, shop->outlines);

  return shop;
}

void
bench_shop_free (BenchShop *shop)
{
  if (shop == NULL)
    return;

  g_array_unref (shop->outlines);
  g_free (shop->order);
  g_free (shop);
}

guint
bench_shop_n_conversations (BenchShop *shop)
{
  return shop->outlines->len;
}

guint
bench_shop_n_customers (BenchShop *shop)
{
  return shop->n_customers;
}

guint64
bench_shop_n_messages (BenchShop *shop)
{
  return shop->n_messages;
}

guint64
bench_shop_n_attachments (BenchShop *shop)
{
  return shop->n_attachments;
}

gint64
bench_shop_long_conversation (BenchShop *shop,
                              guint     *n_messages)
{
  if (n_messages != NULL)
    *n_messages = g_array_index (shop->outlines, Outline, 0).length;
  return 1;
}

gint64
bench_shop_conversation_of_length (BenchShop *shop,
                                   guint      length)
{
  for (guint i = 1; i < shop->outlines->len; i++)
    if (g_array_index (shop->outlines, Outline, i).length == length)
      return i + 1;

  return shop->outlines->len > 1 ? 2 : 1;
}

/* ---- one conversation, in full ---- */

typedef enum {
  ATTACH_NONE,
  ATTACH_IMAGE,
  ATTACH_FILE,
  ATTACH_AUDIO,
} AttachKind;

typedef struct {
  gint64      id;
  int         type;        /* 0 incoming, 1 outgoing, 2 activity */
  gboolean    is_private;
  gint64      created_at;
  char       *content;     /* NULL for an attachment alone */
  const char *status;
  guint       agent;       /* outgoing: index */
  AttachKind  attach;
  gint64      in_reply_to;
  gboolean    failed;
} GenMessage;

typedef struct {
  gint64      display_id;
  guint       index;
  Lang        lang;
  guint       customer;
  guint       inbox;
  int         assignee;    /* agent index, -1 for none */
  const char *status;
  const char *priority;
  const char *labels[3];
  guint       unread;
  gint64      created_at;
  gint64      last_activity_at;
  gint64      agent_last_seen_at;
  gint64      waiting_since;
  gboolean    can_reply;
  GenMessage *messages;
  guint       n_messages;
} GenConversation;

static Lang
customer_lang (guint customer)
{
  /* Italian shop: half its customers write in Italian. */
  static const Lang by_slot[10] = { LANG_IT, LANG_IT, LANG_IT, LANG_IT, LANG_IT,
                                    LANG_PT, LANG_PT, LANG_ES, LANG_ES, LANG_EN };

  return by_slot[(customer * 7u + 3u) % 10u];
}

static char *
make_text (Rng  *rng,
           Lang  lang)
{
  GString *text = g_string_sized_new (64);
  double r = rng_unit (rng);
  guint n;

  /* From a few words to paragraphs. */
  if (r < 0.55)
    n = 2 + rng_below (rng, 9);
  else if (r < 0.90)
    n = 10 + rng_below (rng, 25);
  else
    n = 35 + rng_below (rng, 90);

  for (guint i = 0; i < n; i++)
    {
      const char *word = words[lang][rng_below (rng, n_words[lang])];

      if (i > 0)
        g_string_append_c (text, ' ');
      if (i == 0)
        {
          gunichar c = g_unichar_toupper (g_utf8_get_char (word));

          g_string_append_unichar (text, c);
          g_string_append (text, g_utf8_next_char (word));
        }
      else
        {
          g_string_append (text, word);
        }
      if (i + 1 < n && rng_chance (rng, 0.08))
        g_string_append_c (text, rng_chance (rng, 0.5) ? ',' : '.');
    }
  g_string_append_c (text, rng_chance (rng, 0.3) ? '?' : '.');

  return g_string_free (text, FALSE);
}

static void
gen_conversation_clear (GenConversation *conv)
{
  for (guint i = 0; i < conv->n_messages; i++)
    g_free (conv->messages[i].content);
  g_clear_pointer (&conv->messages, g_free);
}

/* Makes conversation @index in full: always the same for the same shop. */
static void
gen_conversation (BenchShop       *shop,
                  guint            index,
                  GenConversation *conv)
{
  const Outline *outline = &g_array_index (shop->outlines, Outline, index);
  Rng rng = { outline->seed };
  g_autofree gint64 *times = g_new (gint64, MAX (outline->length, 1));
  int speaker = 0;
  guint burst = 1;
  gint64 last_incoming = 0;

  memset (conv, 0, sizeof *conv);
  conv->display_id = index + 1;
  conv->index = index;
  conv->customer = outline->customer;
  conv->lang = customer_lang (outline->customer);
  {
    double r = rng_unit (&rng);

    conv->inbox = r < 0.7 ? 0 : r < 0.85 ? 1 : 2;
  }
  conv->assignee = rng_chance (&rng, 0.7) ? (int) rng_below (&rng, N_AGENTS) : -1;
  conv->created_at = outline->created_at;
  conv->last_activity_at = outline->last_activity_at;
  conv->priority = rng_chance (&rng, 0.9) ? NULL : rng_chance (&rng, 0.5) ? "high" : "urgent";
  if (rng_chance (&rng, 0.3))
    {
      conv->labels[0] = label_titles[rng_below (&rng, G_N_ELEMENTS (label_titles))];
      if (rng_chance (&rng, 0.3))
        conv->labels[1] = label_titles[rng_below (&rng, G_N_ELEMENTS (label_titles))];
      if (g_strcmp0 (conv->labels[0], conv->labels[1]) == 0)
        conv->labels[1] = NULL;
    }

  walk_times (outline, times);
  conv->n_messages = outline->length;
  conv->messages = g_new0 (GenMessage, MAX (outline->length, 1));
  for (guint i = 0; i < outline->length; i++)
    {
      GenMessage *m = &conv->messages[i];
      double r = rng_unit (&rng);

      m->id = outline->first_message + i;
      m->created_at = times[i];

      if (i > 0 && r < 0.015)
        {
          m->type = 2;
          m->content = g_strdup_printf (rng_chance (&rng, 0.5) ? "Conversation was marked resolved by %s"
                                                               : "Assigned to %s by %s",
                                        agent_names[rng_below (&rng, N_AGENTS)],
                                        agent_names[rng_below (&rng, N_AGENTS)]);
          m->status = "sent";
          continue;
        }
      if (i > 0 && r < 0.035)
        {
          m->type = 1;
          m->is_private = TRUE;
          m->agent = rng_below (&rng, N_AGENTS);
          m->content = make_text (&rng, LANG_IT);
          m->status = "sent";
          continue;
        }

      if (--burst == 0)
        {
          speaker = i == 0 ? 0 : 1 - speaker;
          burst = 1 + rng_below (&rng, speaker == 0 ? 3 : 2);
        }
      m->type = speaker;
      m->agent = conv->assignee >= 0 ? (guint) conv->assignee : rng_below (&rng, N_AGENTS);

      if (rng_chance (&rng, 0.05))
        {
          double k = rng_unit (&rng);

          m->attach = k < 0.6 ? ATTACH_IMAGE : k < 0.85 ? ATTACH_FILE : ATTACH_AUDIO;
          shop->n_attachments++;
        }
      if (m->attach == ATTACH_NONE || rng_chance (&rng, 0.4))
        m->content = make_text (&rng, speaker == 0 ? conv->lang : conv->lang);
      if (i > 2 && rng_chance (&rng, 0.03))
        m->in_reply_to = m->id - 1 - rng_below (&rng, 2);

      if (speaker == 0)
        {
          m->status = "sent";
          last_incoming = m->created_at;
        }
      else
        {
          double s = rng_unit (&rng);

          m->status = s < 0.85 ? "read" : s < 0.98 ? "delivered" : "failed";
          m->failed = s >= 0.98;
        }
    }

  /* State: recent conversations are open or pending, old ones resolved. */
  if (conv->last_activity_at > BENCH_NOW - 7 * 86400)
    conv->status = rng_chance (&rng, 0.75) ? "open" : "pending";
  else
    {
      double r = rng_unit (&rng);

      conv->status = r < 0.85 ? "resolved" : r < 0.95 ? "open" : "snoozed";
    }
  if (outline->length > 0 && conv->messages[outline->length - 1].type == 0 &&
      g_strcmp0 (conv->status, "resolved") != 0)
    {
      conv->unread = MIN (1 + rng_below (&rng, 4), outline->length);
      conv->waiting_since = conv->messages[outline->length - 1].created_at;
    }
  conv->agent_last_seen_at = conv->unread > 0 ? conv->waiting_since - 1 : conv->last_activity_at;
  conv->can_reply = conv->inbox != 0 || (last_incoming > 0 && BENCH_NOW - last_incoming < 86400);
  conv->last_activity_at = outline->length > 0 ? conv->messages[outline->length - 1].created_at
                                               : conv->created_at;
}

/* ---- JSON, written by hand: fast and in the exact shape ---- */

static void
json_string (GString    *out,
             const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        {
          g_string_append_printf (out, "\\u%04x", c);
        }
      else
        {
          g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static char *
customer_name (guint customer)
{
  Lang lang = customer_lang (customer);

  return g_strdup_printf ("%s %s", first_names[lang][(customer / 3) % 12], last_names[lang][(customer / 37) % 12]);
}

static void
write_contact (GString *out,
               guint    customer,
               gint64   created_at)
{
  g_autofree char *name = customer_name (customer);
  Lang lang = customer_lang (customer);

  g_string_append_printf (out, "{\"id\":%u,\"name\":", customer + 1);
  json_string (out, name);
  g_string_append_printf (out, ",\"email\":\"customer%u@example.com\",\"phone_number\":\"%s%09u\","
                          "\"thumbnail\":\"\",\"identifier\":null,\"blocked\":false,"
                          "\"availability_status\":\"offline\","
                          "\"additional_attributes\":{\"city\":\"%s\",\"country\":\"%s\",\"country_code\":\"%s\"},"
                          "\"custom_attributes\":{},\"created_at\":%" G_GINT64_FORMAT ",\"type\":\"contact\"}",
                          customer + 1, phone_prefixes[lang], 300000000u + customer,
                          cities[lang], countries[lang], country_codes[lang], created_at);
}

static void
write_agent (GString *out,
             guint    agent)
{
  g_string_append_printf (out, "{\"id\":%u,\"account_id\":1,\"name\":\"%s\",\"available_name\":\"%s\","
                          "\"email\":\"agent%u@example.com\",\"role\":\"agent\",\"thumbnail\":\"\","
                          "\"availability_status\":\"online\",\"type\":\"user\"}",
                          agent + 1, agent_names[agent], agent_names[agent], agent + 1);
}

static void
write_attachment (GString          *out,
                  const GenMessage *m)
{
  gint64 id = m->id;

  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"message_id\":%" G_GINT64_FORMAT ",\"account_id\":1,",
                          id, m->id);
  switch (m->attach)
    {
    case ATTACH_IMAGE:
      g_string_append_printf (out, "\"file_type\":\"image\",\"extension\":\"jpg\",\"content_type\":\"image/jpeg\","
                              "\"data_url\":\"http://127.0.0.1:9/rails/active_storage/blobs/redirect/%" G_GINT64_FORMAT "/IMG-%" G_GINT64_FORMAT ".jpg\","
                              "\"thumb_url\":\"http://127.0.0.1:9/rails/active_storage/representations/redirect/%" G_GINT64_FORMAT "/IMG-%" G_GINT64_FORMAT ".jpg\","
                              "\"file_size\":%u,\"width\":1200,\"height\":1600}",
                              id, id, id, id, 80000u + (guint) (id % 400000));
      break;
    case ATTACH_FILE:
      g_string_append_printf (out, "\"file_type\":\"file\",\"extension\":\"pdf\",\"content_type\":\"application/pdf\","
                              "\"data_url\":\"http://127.0.0.1:9/rails/active_storage/blobs/redirect/%" G_GINT64_FORMAT "/Fattura-%" G_GINT64_FORMAT ".pdf\","
                              "\"thumb_url\":\"\",\"file_size\":%u,\"width\":0,\"height\":0}",
                              id, id, 30000u + (guint) (id % 200000));
      break;
    case ATTACH_AUDIO:
      g_string_append_printf (out, "\"file_type\":\"audio\",\"extension\":\"ogg\",\"content_type\":\"audio/ogg\","
                              "\"data_url\":\"http://127.0.0.1:9/rails/active_storage/blobs/redirect/%" G_GINT64_FORMAT "/PTT-%" G_GINT64_FORMAT ".ogg\","
                              "\"thumb_url\":\"\",\"file_size\":%u,\"width\":0,\"height\":0,\"transcribed_text\":null}",
                              id, id, 9000u + (guint) (id % 60000));
      break;
    case ATTACH_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void
write_message (GString               *out,
               const GenConversation *conv,
               const GenMessage      *m)
{
  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"content\":", m->id);
  json_string (out, m->content);
  g_string_append_printf (out, ",\"inbox_id\":%u,\"conversation_id\":%" G_GINT64_FORMAT ",\"account_id\":1,"
                          "\"message_type\":%d,\"content_type\":\"text\",\"status\":\"%s\",\"private\":%s,"
                          "\"created_at\":%" G_GINT64_FORMAT ",\"updated_at\":%" G_GINT64_FORMAT ".5,",
                          conv->inbox + 1, conv->display_id, m->type, m->status,
                          m->is_private ? "true" : "false", m->created_at, m->created_at);
  if (m->type != 2 && conv->inbox == 0)
    g_string_append_printf (out, "\"source_id\":\"wamid.HBgM%012" G_GINT64_MODIFIER "X\",", m->id * 7919);
  else
    g_string_append (out, "\"source_id\":null,");

  g_string_append (out, "\"content_attributes\":{");
  if (m->in_reply_to != 0)
    g_string_append_printf (out, "\"in_reply_to\":%" G_GINT64_FORMAT, m->in_reply_to);
  if (m->failed)
    g_string_append_printf (out, "%s\"external_error\":\"131047: Re-engagement message\"",
                            m->in_reply_to != 0 ? "," : "");
  g_string_append (out, "}");

  if (m->type == 0)
    {
      g_string_append_printf (out, ",\"sender_type\":\"Contact\",\"sender_id\":%u,\"sender\":", conv->customer + 1);
      write_contact (out, conv->customer, conv->created_at);
    }
  else if (m->type == 1)
    {
      g_string_append_printf (out, ",\"sender_type\":\"User\",\"sender_id\":%u,\"sender\":", m->agent + 1);
      write_agent (out, m->agent);
    }

  if (m->attach != ATTACH_NONE)
    {
      g_string_append (out, ",\"attachments\":[");
      write_attachment (out, m);
      g_string_append (out, "]");
    }
  g_string_append_c (out, '}');
}

static void
write_conversation (GString               *out,
                    const GenConversation *conv)
{
  const GenMessage *last = conv->n_messages > 0 ? &conv->messages[conv->n_messages - 1] : NULL;
  const GenMessage *last_non_activity = NULL;

  for (guint i = conv->n_messages; i > 0; i--)
    if (conv->messages[i - 1].type != 2)
      {
        last_non_activity = &conv->messages[i - 1];
        break;
      }

  g_string_append (out, "{\"meta\":{\"sender\":");
  write_contact (out, conv->customer, conv->created_at);
  g_string_append_printf (out, ",\"channel\":\"%s\"", inbox_channels[conv->inbox]);
  if (conv->assignee >= 0)
    {
      g_string_append (out, ",\"assignee\":");
      write_agent (out, (guint) conv->assignee);
      g_string_append (out, ",\"assignee_type\":\"User\"");
    }
  g_string_append (out, ",\"hmac_verified\":false},");
  g_string_append_printf (out, "\"id\":%" G_GINT64_FORMAT ",\"uuid\":\"%08x-0000-4000-8000-%012" G_GINT64_MODIFIER "x\","
                          "\"account_id\":1,\"inbox_id\":%u,\"messages\":[",
                          conv->display_id, conv->index, conv->display_id, conv->inbox + 1);
  if (last != NULL)
    write_message (out, conv, last);
  g_string_append (out, "],\"last_non_activity_message\":");
  if (last_non_activity != NULL)
    write_message (out, conv, last_non_activity);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\"status\":\"%s\",\"priority\":", conv->status);
  json_string (out, conv->priority);
  g_string_append_printf (out, ",\"snoozed_until\":%s,\"muted\":false,\"can_reply\":%s,\"labels\":[",
                          g_strcmp0 (conv->status, "snoozed") == 0 ? "\"2026-01-08T09:00:00Z\"" : "null",
                          conv->can_reply ? "true" : "false");
  for (guint i = 0; conv->labels[i] != NULL; i++)
    g_string_append_printf (out, "%s\"%s\"", i > 0 ? "," : "", conv->labels[i]);
  g_string_append_printf (out, "],\"unread_count\":%u,\"created_at\":%" G_GINT64_FORMAT ","
                          "\"timestamp\":%" G_GINT64_FORMAT ",\"last_activity_at\":%" G_GINT64_FORMAT ","
                          "\"agent_last_seen_at\":%" G_GINT64_FORMAT ",\"assignee_last_seen_at\":%" G_GINT64_FORMAT ","
                          "\"contact_last_seen_at\":0,\"first_reply_created_at\":%" G_GINT64_FORMAT ","
                          "\"waiting_since\":%" G_GINT64_FORMAT ",\"updated_at\":%" G_GINT64_FORMAT ".25,"
                          "\"additional_attributes\":{},\"custom_attributes\":{}}",
                          conv->unread, conv->created_at, conv->last_activity_at, conv->last_activity_at,
                          conv->agent_last_seen_at, conv->agent_last_seen_at,
                          conv->n_messages > 1 ? conv->messages[1].created_at : 0,
                          conv->waiting_since, conv->last_activity_at);
}

static gboolean
put (FILE     *out,
     GString  *text,
     GError  **error)
{
  if (fwrite (text->str, 1, text->len, out) != text->len)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write the benchmark data");
      return FALSE;
    }
  g_string_truncate (text, 0);
  return TRUE;
}

gboolean
bench_shop_write_pages (BenchShop  *shop,
                        FILE       *out,
                        GError    **error)
{
  g_autoptr(GString) text = g_string_sized_new (1 << 16);
  guint n = shop->outlines->len;
  GenConversation *convs = g_new0 (GenConversation, CONVERSATIONS_PAGE);
  gboolean ok = TRUE;

  shop->n_attachments = 0;
  for (guint page = 0; ok && page * CONVERSATIONS_PAGE < n; page++)
    {
      guint first = page * CONVERSATIONS_PAGE;
      guint count = MIN (CONVERSATIONS_PAGE, n - first);

      for (guint i = 0; i < count; i++)
        gen_conversation (shop, shop->order[first + i], &convs[i]);

      g_string_append_printf (text, "GET /api/v1/accounts/1/conversations?status=all&page=%u\n", page + 1);
      g_string_append_printf (text, "{\"data\":{\"meta\":{\"mine_count\":0,\"assigned_count\":0,"
                              "\"unassigned_count\":0,\"all_count\":%u},\"payload\":[", n);
      for (guint i = 0; i < count; i++)
        {
          if (i > 0)
            g_string_append_c (text, ',');
          write_conversation (text, &convs[i]);
        }
      g_string_append (text, "]}}\n");
      ok = put (out, text, error);

      for (guint i = 0; ok && i < count; i++)
        {
          GenConversation *conv = &convs[i];
          guint end = conv->n_messages;

          /* Newest page first, then back with before=. */
          while (ok && end > 0)
            {
              guint start = end > MESSAGES_PAGE ? end - MESSAGES_PAGE : 0;

              if (end == conv->n_messages)
                g_string_append_printf (text, "GET /api/v1/accounts/1/conversations/%" G_GINT64_FORMAT "/messages\n",
                                        conv->display_id);
              else
                g_string_append_printf (text, "GET /api/v1/accounts/1/conversations/%" G_GINT64_FORMAT
                                        "/messages?before=%" G_GINT64_FORMAT "\n",
                                        conv->display_id, conv->messages[end].id);
              g_string_append (text, "{\"meta\":{\"labels\":[],\"additional_attributes\":{},\"contact\":");
              write_contact (text, conv->customer, conv->created_at);
              g_string_append (text, ",\"agent_last_seen_at\":null,\"assignee_last_seen_at\":null},\"payload\":[");
              for (guint k = start; k < end; k++)
                {
                  if (k > start)
                    g_string_append_c (text, ',');
                  write_message (text, conv, &conv->messages[k]);
                }
              g_string_append (text, "]}\n");
              ok = put (out, text, error);
              end = start;
            }
        }

      for (guint i = 0; i < count; i++)
        gen_conversation_clear (&convs[i]);
    }

  g_free (convs);
  return ok;
}

/* ---- the sandbox's state ---- */

gboolean
bench_shop_write_sandbox_state (BenchShop  *shop,
                                guint       per_conversation,
                                guint64     max_messages,
                                const char *token,
                                FILE       *out,
                                GError    **error)
{
  g_autoptr(GString) text = g_string_sized_new (1 << 16);
  guint n = 0;
  guint64 total = 0;
  gint64 next_id = 1000;

  /* Conversations in display order until they hold max_messages. */
  while (n < shop->outlines->len && total < max_messages)
    {
      guint32 length = g_array_index (shop->outlines, Outline, n).length;

      total += MIN (length, per_conversation);
      n++;
    }

  for (guint i = 0; i < n; i++)
    next_id = MAX (next_id, g_array_index (shop->outlines, Outline, i).first_message +
                            g_array_index (shop->outlines, Outline, i).length);

  g_string_append (text, "{\"version\":1,\"created_at\":1735689600,\"token\":");
  json_string (text, token);
  g_string_append_printf (text, ",\"pubsub_token\":\"benchpubsubtoken0000000000\",\"profile_id\":1,"
                          "\"next_message_id\":%" G_GINT64_FORMAT ",\"next_attachment_id\":%" G_GINT64_FORMAT ","
                          "\"next_display_id\":%u,"
                          "\"accounts\":[{\"id\":1,\"name\":\"Bottega bench\",\"status\":\"active\",\"created_at\":1735689600}],"
                          "\"agents\":[",
                          next_id, next_id, n + 1);
  for (guint a = 0; a < N_AGENTS; a++)
    g_string_append_printf (text, "%s{\"id\":%u,\"name\":\"%s\",\"email\":\"agent%u@example.com\","
                            "\"role\":\"%s\",\"availability\":\"online\"}",
                            a > 0 ? "," : "", a + 1, agent_names[a], a + 1, a == 0 ? "administrator" : "agent");
  g_string_append (text, "],\"contacts\":[");
  for (guint c = 0; c < shop->n_customers; c++)
    {
      g_autofree char *name = customer_name (c);
      Lang lang = customer_lang (c);

      g_string_append_printf (text, "%s{\"id\":%u,\"name\":", c > 0 ? "," : "", c + 1);
      json_string (text, name);
      g_string_append_printf (text, ",\"email\":\"customer%u@example.com\",\"phone_number\":\"%s%09u\","
                              "\"city\":\"%s\",\"country\":\"%s\",\"country_code\":\"%s\",\"lang\":\"%s\","
                              "\"created_at\":1735689600,\"last_activity_at\":1735689600}",
                              c + 1, phone_prefixes[lang], 300000000u + c, cities[lang], countries[lang],
                              country_codes[lang], lang_codes[lang]);
      if (text->len > (1 << 16) && !put (out, text, error))
        return FALSE;
    }
  g_string_append (text, "],\"inboxes\":[");
  for (guint b = 0; b < N_INBOXES; b++)
    g_string_append_printf (text, "%s{\"id\":%u,\"account_id\":1,\"name\":\"%s\",\"channel_type\":\"%s\","
                            "\"provider\":%s,\"phone_number\":%s,\"email\":%s}",
                            b > 0 ? "," : "", b + 1, inbox_names[b], inbox_channels[b],
                            b == 0 ? "\"whatsapp_cloud\"" : "null",
                            b == 0 ? "\"+390200000000\"" : "null",
                            b == 1 ? "\"shop@example.com\"" : "null");
  g_string_append (text, "],\"labels\":[");
  for (guint l = 0; l < G_N_ELEMENTS (label_titles); l++)
    g_string_append_printf (text, "%s{\"id\":%u,\"account_id\":1,\"title\":\"%s\",\"description\":null,"
                            "\"color\":\"#%06x\",\"show_on_sidebar\":true}",
                            l > 0 ? "," : "", l + 1, label_titles[l], (l * 0x3A5F17u) & 0xFFFFFFu);
  g_string_append (text, "],\"canned_responses\":[],\"conversations\":[");

  for (guint i = 0; i < n; i++)
    {
      GenConversation conv;
      guint start;

      gen_conversation (shop, i, &conv);
      start = conv.n_messages > per_conversation ? conv.n_messages - per_conversation : 0;
      /* The last one is cut so that the total is exact. */
      if (i + 1 == n && total > max_messages)
        start += (guint) (total - max_messages);
      g_string_append_printf (text, "%s{\"display_id\":%" G_GINT64_FORMAT ",\"account_id\":1,"
                              "\"uuid\":\"%08x-0000-4000-8000-%012" G_GINT64_MODIFIER "x\",\"inbox_id\":%u,"
                              "\"contact_id\":%u,\"assignee_id\":%d,\"status\":\"%s\",\"priority\":",
                              i > 0 ? "," : "", conv.display_id, conv.index, conv.display_id, conv.inbox + 1,
                              conv.customer + 1, conv.assignee + 1, conv.status);
      json_string (text, conv.priority);
      g_string_append (text, ",\"snoozed_until\":0,\"muted\":false,\"labels\":[");
      for (guint l = 0; conv.labels[l] != NULL; l++)
        g_string_append_printf (text, "%s\"%s\"", l > 0 ? "," : "", conv.labels[l]);
      g_string_append_printf (text, "],\"created_at\":%" G_GINT64_FORMAT ",\"last_activity_at\":%" G_GINT64_FORMAT ","
                              "\"agent_last_seen_at\":%" G_GINT64_FORMAT ",\"assignee_last_seen_at\":0,"
                              "\"contact_last_seen_at\":0,\"first_reply_created_at\":0,"
                              "\"waiting_since\":%" G_GINT64_FORMAT ",\"updated_at\":%" G_GINT64_FORMAT ","
                              "\"additional_attributes\":{},\"custom_attributes\":{},\"messages\":[",
                              conv.created_at, conv.last_activity_at, conv.agent_last_seen_at,
                              conv.waiting_since, conv.last_activity_at);
      for (guint k = start; k < conv.n_messages; k++)
        {
          const GenMessage *m = &conv.messages[k];

          g_string_append_printf (text, "%s{\"id\":%" G_GINT64_FORMAT ",\"conversation_id\":%" G_GINT64_FORMAT ","
                                  "\"account_id\":1,\"inbox_id\":%u,\"content\":",
                                  k > start ? "," : "", m->id, conv.display_id, conv.inbox + 1);
          json_string (text, m->content);
          g_string_append_printf (text, ",\"message_type\":%d,\"content_type\":\"text\",\"status\":\"%s\","
                                  "\"private\":%s,\"source_id\":null,\"created_at\":%" G_GINT64_FORMAT ","
                                  "\"updated_at\":%" G_GINT64_FORMAT ",\"sender_type\":%s,\"sender_id\":%u,"
                                  "\"content_attributes\":{},\"additional_attributes\":{},\"attachments\":[",
                                  m->type, m->status, m->is_private ? "true" : "false",
                                  m->created_at, m->created_at,
                                  m->type == 0 ? "\"Contact\"" : m->type == 1 ? "\"User\"" : "null",
                                  m->type == 0 ? conv.customer + 1 : m->type == 1 ? m->agent + 1 : 0);
          /* Images and voice notes, which the sandbox can make. */
          if (m->attach == ATTACH_IMAGE || m->attach == ATTACH_FILE)
            g_string_append_printf (text, "{\"id\":%" G_GINT64_FORMAT ",\"message_id\":%" G_GINT64_FORMAT ","
                                    "\"file_type\":\"image\",\"content_type\":\"image/png\",\"extension\":\"png\","
                                    "\"filename\":\"IMG-%" G_GINT64_FORMAT ".png\",\"key\":\"bench%" G_GINT64_FORMAT "\","
                                    "\"file_size\":0,\"width\":0,\"height\":0,\"transcribed_text\":null,"
                                    "\"source\":{\"kind\":\"png\",\"shape\":\"bag\",\"rgb\":[120,80,40],\"customer\":true}}",
                                    m->id, m->id, m->id, m->id);
          else if (m->attach == ATTACH_AUDIO)
            g_string_append_printf (text, "{\"id\":%" G_GINT64_FORMAT ",\"message_id\":%" G_GINT64_FORMAT ","
                                    "\"file_type\":\"audio\",\"content_type\":\"audio/ogg\",\"extension\":\"ogg\","
                                    "\"filename\":\"PTT-%" G_GINT64_FORMAT ".ogg\",\"key\":\"bench%" G_GINT64_FORMAT "\","
                                    "\"file_size\":0,\"width\":0,\"height\":0,\"transcribed_text\":null,"
                                    "\"source\":{\"kind\":\"resource\",\"path\":\"voice-note.ogg\"}}",
                                    m->id, m->id, m->id, m->id);
          g_string_append (text, "]}");
        }
      g_string_append (text, "]}");
      gen_conversation_clear (&conv);
      if (text->len > (1 << 16) && !put (out, text, error))
        return FALSE;
    }
  g_string_append (text, "]}\n");

  return put (out, text, error);
}

/* ---- a product feed ---- */

gboolean
bench_write_product_feed (guint     n_lines,
                          guint64   seed,
                          FILE     *out,
                          GError  **error)
{
  static const char * const kinds[] = { "Borsa", "Cintura", "Portafoglio", "Giacca", "Camicia", "Tote" };
  static const char * const materials[] = { "in pelle", "in lino", "in cotone", "in camoscio", "in tela" };
  static const char * const colours[] = { "nera", "marrone", "verde", "blu", "cuoio", "rossa", "bianca" };
  g_autoptr(GString) text = g_string_sized_new (1 << 16);
  Rng rng = { seed ^ G_GUINT64_CONSTANT (0xFEED) };

  g_string_append (text, "id,title,description,availability,price,link,image_link,brand\n");
  for (guint i = 0; i < n_lines; i++)
    {
      const char *kind = kinds[rng_below (&rng, G_N_ELEMENTS (kinds))];
      const char *material = materials[rng_below (&rng, G_N_ELEMENTS (materials))];
      const char *colour = colours[rng_below (&rng, G_N_ELEMENTS (colours))];
      g_autofree char *description = make_text (&rng, LANG_IT);

      /* The description is quoted: it has commas. */
      g_strdelimit (description, "\"", '\'');
      g_string_append_printf (text, "SKU-%06u,%s %s %s,\"%s\",%s,%u.%02u EUR,"
                              "https://shop.example.com/p/%u,https://shop.example.com/img/%u.jpg,Bottega\n",
                              i + 1, kind, material, colour, description,
                              rng_chance (&rng, 0.9) ? "in stock" : "out of stock",
                              15 + rng_below (&rng, 400), rng_below (&rng, 100), i + 1, i + 1);
      if (text->len > (1 << 16) && !put (out, text, error))
        return FALSE;
    }

  return put (out, text, error);
}

/* ---- the plain-SQLite baseline ---- */

static gboolean
sql_fail (GError     **error,
          sqlite3     *db,
          const char  *what)
{
  g_set_error (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
step_reset (sqlite3       *db,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  (void) sqlite3_reset (stmt);
  (void) sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return sql_fail (error, db, "plain insert");
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    (void) sqlite3_bind_null (stmt, index);
  else
    (void) sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

gboolean
bench_shop_insert_plain (BenchShop  *shop,
                         sqlite3    *db,
                         gint64      account_id,
                         GError    **error)
{
  static const char * const sql[] = {
    "INSERT OR IGNORE INTO customers (id, account_id, remote_id, name, email, phone_number, "
    "  additional_attributes) VALUES (?1, ?2, ?1, ?3, ?4, ?5, ?6)",
    "INSERT INTO conversations (id, account_id, remote_id, uuid, inbox_remote_id, customer_id, channel, "
    "  status, priority, can_reply, unread_count, assignee_remote_id, assignee_name, last_activity_at, "
    "  waiting_since, agent_last_seen_at, created_at, updated_at, reached_oldest) "
    "VALUES (?1, ?2, ?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?13, 1)",
    "INSERT INTO conversation_labels (conversation_id, title, position) VALUES (?1, ?2, ?3)",
    "INSERT INTO messages (account_id, conversation_id, remote_id, content, message_type, content_type, "
    "  status, private, created_at, sender_type, sender_id, sender_name, source_id, external_error, "
    "  in_reply_to, content_attributes) "
    "VALUES (?1, ?2, ?3, ?4, ?5, 'text', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING id",
    "INSERT INTO attachments (account_id, message_id, remote_id, file_type, extension, content_type, "
    "  data_url, thumb_url, file_size, width, height, file_name) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
  };
  sqlite3_stmt *stmts[G_N_ELEMENTS (sql)] = { NULL, };
  gboolean ok = FALSE;
  char *errmsg = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    if (sqlite3_prepare_v2 (db, sql[i], -1, &stmts[i], NULL) != SQLITE_OK)
      {
        sql_fail (error, db, "plain prepare");
        goto out;
      }

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, &errmsg) != SQLITE_OK)
    {
      sql_fail (error, db, "plain begin");
      goto out;
    }

  shop->n_attachments = 0;
  for (guint o = 0; o < shop->outlines->len; o++)
    {
      GenConversation conv;
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;
      g_autofree char *phone = NULL;
      g_autofree char *attrs = NULL;
      g_autofree char *uuid = NULL;
      Lang lang;

      gen_conversation (shop, shop->order[o], &conv);
      lang = conv.lang;
      name = customer_name (conv.customer);
      email = g_strdup_printf ("customer%u@example.com", conv.customer + 1);
      phone = g_strdup_printf ("%s%09u", phone_prefixes[lang], 300000000u + conv.customer);
      attrs = g_strdup_printf ("{\"city\":\"%s\",\"country\":\"%s\",\"country_code\":\"%s\"}",
                               cities[lang], countries[lang], country_codes[lang]);
      uuid = g_strdup_printf ("%08x-0000-4000-8000-%012" G_GINT64_MODIFIER "x", conv.index, conv.display_id);

      (void) sqlite3_bind_int64 (stmts[0], 1, conv.customer + 1);
      (void) sqlite3_bind_int64 (stmts[0], 2, account_id);
      bind_text (stmts[0], 3, name);
      bind_text (stmts[0], 4, email);
      bind_text (stmts[0], 5, phone);
      bind_text (stmts[0], 6, attrs);
      if (!step_reset (db, stmts[0], error))
        goto rollback;

      (void) sqlite3_bind_int64 (stmts[1], 1, conv.display_id);
      (void) sqlite3_bind_int64 (stmts[1], 2, account_id);
      bind_text (stmts[1], 3, uuid);
      (void) sqlite3_bind_int64 (stmts[1], 4, conv.inbox + 1);
      (void) sqlite3_bind_int64 (stmts[1], 5, conv.customer + 1);
      bind_text (stmts[1], 6, inbox_channels[conv.inbox]);
      bind_text (stmts[1], 7, conv.status);
      bind_text (stmts[1], 8, conv.priority);
      (void) sqlite3_bind_int64 (stmts[1], 9, conv.can_reply);
      (void) sqlite3_bind_int64 (stmts[1], 10, conv.unread);
      (void) sqlite3_bind_int64 (stmts[1], 11, conv.assignee + 1);
      bind_text (stmts[1], 12, conv.assignee >= 0 ? agent_names[conv.assignee] : NULL);
      (void) sqlite3_bind_int64 (stmts[1], 13, conv.last_activity_at);
      (void) sqlite3_bind_int64 (stmts[1], 14, conv.waiting_since);
      (void) sqlite3_bind_int64 (stmts[1], 15, conv.agent_last_seen_at);
      (void) sqlite3_bind_int64 (stmts[1], 16, conv.created_at);
      if (!step_reset (db, stmts[1], error))
        goto rollback;

      for (guint l = 0; conv.labels[l] != NULL; l++)
        {
          (void) sqlite3_bind_int64 (stmts[2], 1, conv.display_id);
          bind_text (stmts[2], 2, conv.labels[l]);
          (void) sqlite3_bind_int64 (stmts[2], 3, l);
          if (!step_reset (db, stmts[2], error))
            goto rollback;
        }

      for (guint k = 0; k < conv.n_messages; k++)
        {
          const GenMessage *m = &conv.messages[k];
          g_autofree char *source_id = NULL;
          g_autofree char *attributes = NULL;
          gint64 message_id;
          int rc;

          if (m->type != 2 && conv.inbox == 0)
            source_id = g_strdup_printf ("wamid.HBgM%012" G_GINT64_MODIFIER "X", m->id * 7919);
          if (m->in_reply_to != 0 || m->failed)
            attributes = g_strdup_printf ("{\"in_reply_to\":%" G_GINT64_FORMAT "}", m->in_reply_to);

          (void) sqlite3_bind_int64 (stmts[3], 1, account_id);
          (void) sqlite3_bind_int64 (stmts[3], 2, conv.display_id);
          (void) sqlite3_bind_int64 (stmts[3], 3, m->id);
          bind_text (stmts[3], 4, m->content);
          (void) sqlite3_bind_int64 (stmts[3], 5, m->type);
          bind_text (stmts[3], 6, m->status);
          (void) sqlite3_bind_int64 (stmts[3], 7, m->is_private);
          (void) sqlite3_bind_int64 (stmts[3], 8, m->created_at);
          bind_text (stmts[3], 9, m->type == 0 ? "Contact" : m->type == 1 ? "User" : NULL);
          (void) sqlite3_bind_int64 (stmts[3], 10, m->type == 0 ? conv.customer + 1 : m->agent + 1);
          bind_text (stmts[3], 11, m->type == 0 ? name : agent_names[m->agent]);
          bind_text (stmts[3], 12, source_id);
          bind_text (stmts[3], 13, m->failed ? "131047: Re-engagement message" : NULL);
          (void) sqlite3_bind_int64 (stmts[3], 14, m->in_reply_to);
          bind_text (stmts[3], 15, attributes != NULL ? attributes : "{}");
          rc = sqlite3_step (stmts[3]);
          message_id = sqlite3_column_int64 (stmts[3], 0);
          if (rc == SQLITE_ROW)
            rc = sqlite3_step (stmts[3]);
          (void) sqlite3_reset (stmts[3]);
          (void) sqlite3_clear_bindings (stmts[3]);
          if (rc != SQLITE_DONE)
            {
              sql_fail (error, db, "plain insert");
              goto rollback;
            }

          if (m->attach != ATTACH_NONE)
            {
              static const char * const types[] = { NULL, "image", "file", "audio" };
              static const char * const extensions[] = { NULL, "jpg", "pdf", "ogg" };
              static const char * const mimes[] = { NULL, "image/jpeg", "application/pdf", "audio/ogg" };
              g_autofree char *url = g_strdup_printf ("http://127.0.0.1:9/rails/active_storage/blobs/redirect/%"
                                                      G_GINT64_FORMAT "/F-%" G_GINT64_FORMAT ".%s",
                                                      m->id, m->id, extensions[m->attach]);

              shop->n_attachments++;
              (void) sqlite3_bind_int64 (stmts[4], 1, account_id);
              (void) sqlite3_bind_int64 (stmts[4], 2, message_id);
              (void) sqlite3_bind_int64 (stmts[4], 3, m->id);
              bind_text (stmts[4], 4, types[m->attach]);
              bind_text (stmts[4], 5, extensions[m->attach]);
              bind_text (stmts[4], 6, mimes[m->attach]);
              bind_text (stmts[4], 7, url);
              bind_text (stmts[4], 8, m->attach == ATTACH_IMAGE ? url : "");
              (void) sqlite3_bind_int64 (stmts[4], 9, 80000);
              (void) sqlite3_bind_int64 (stmts[4], 10, m->attach == ATTACH_IMAGE ? 1200 : 0);
              (void) sqlite3_bind_int64 (stmts[4], 11, m->attach == ATTACH_IMAGE ? 1600 : 0);
              bind_text (stmts[4], 12, NULL);
              if (!step_reset (db, stmts[4], error))
                goto rollback;
            }
        }
      gen_conversation_clear (&conv);
    }

  if (sqlite3_exec (db, "COMMIT", NULL, NULL, &errmsg) != SQLITE_OK)
    {
      sql_fail (error, db, "plain commit");
      goto rollback;
    }
  ok = TRUE;
  goto out;

rollback:
  (void) sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
out:
  sqlite3_free (errmsg);
  for (guint i = 0; i < G_N_ELEMENTS (stmts); i++)
    (void) sqlite3_finalize (stmts[i]);
  return ok;
}
