/* bottega-sandbox-seed.c: the demo shop's first day: customers, conversations, files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-sandbox"

#include "config.h"

#include <string.h>

#include "bottega-sandbox-private.h"

/* The shop is the same on every machine: only the moment it was created moves. */
#define SHOP_SEED 20250611u

typedef struct {
  int         who;      /* 'c' customer, 'a' agent, 'n' private note, 'x' activity */
  char       *text;
  const char *attach;   /* NULL, "photo", "cphoto", "pdf", "quote", "voice" */
  gint64      at;       /* relative until the conversation is placed in time */
  JsonObject *product;  /* for photos and invoices */
  const char *colour;
  char       *order;
  const char *script;
} Turn;

typedef struct {
  GRand       *rand;
  JsonObject  *seed;
  SandboxShop *shop;
  gint64       now;
  guint        order_no;
  guint        invoice_no;
  guint        photo_no;
  GPtrArray   *all;          /* every seeded conversation */
} Seeder;

static void
turn_clear (Turn *t)
{
  g_free (t->text);
  g_free (t->order);
}

static JsonObject *
seed_product (Seeder     *s,
              const char *id)
{
  JsonArray *products = json_object_get_array_member (s->seed, "products");

  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *p = json_array_get_object_element (products, i);

      if (g_strcmp0 (json_object_get_string_member (p, "id"), id) == 0)
        return p;
    }
  return json_array_get_object_element (products, 0);
}

static char *
first_name (const char *full)
{
  const char *space = strchr (full, ' ');

  return space ? g_strndup (full, space - full) : g_strdup (full);
}

static char *
expand (const char *text,
        GHashTable *vars)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; )
    {
      const char *end = (*p == '{') ? strchr (p, '}') : NULL;

      if (end != NULL)
        {
          g_autofree char *key = g_strndup (p + 1, end - p - 1);
          const char *value = g_hash_table_lookup (vars, key);

          if (value != NULL)
            {
              g_string_append (out, value);
              p = end + 1;
              continue;
            }
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static char *
format_price (const char *lang,
              gint64      price)
{
  if (g_strcmp0 (lang, "en") == 0)
    return g_strdup_printf ("€%" G_GINT64_FORMAT, price);
  return g_strdup_printf ("%" G_GINT64_FORMAT " €", price);
}

/* Appends one script's turns (with a product, a colour, an order number) to @turns. */
static void
seed_episode (Seeder         *s,
              JsonObject     *script,
              SandboxContact *contact,
              SandboxAgent   *agent,
              GArray         *turns)
{
  g_autoptr(GHashTable) vars = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  JsonArray *allowed = json_object_has_member (script, "products")
                       ? json_object_get_array_member (script, "products") : NULL;
  JsonArray *all_products = json_object_get_array_member (s->seed, "products");
  JsonObject *colours = json_object_get_object_member (s->seed, "colours");
  JsonObject *product;
  JsonArray *product_colours, *names, *turn_list;
  const char *colour_id;
  const char *lang = contact->lang;
  const char *script_id = json_object_get_string_member (script, "id");
  g_autofree char *order = NULL;

  if (allowed != NULL)
    product = seed_product (s, json_array_get_string_element (allowed, sandbox_rand_below (s->rand, json_array_get_length (allowed))));
  else
    product = json_array_get_object_element (all_products, sandbox_rand_below (s->rand, json_array_get_length (all_products)));
  product_colours = json_object_get_array_member (product, "colours");
  colour_id = json_array_get_string_element (product_colours, sandbox_rand_below (s->rand, json_array_get_length (product_colours)));
  names = json_object_get_array_member (product, lang);
  order = g_strdup_printf ("#%u", s->order_no++);

  g_hash_table_insert (vars, (char *) "name", first_name (contact->name));
  g_hash_table_insert (vars, (char *) "full_name", g_strdup (contact->name));
  g_hash_table_insert (vars, (char *) "agent", first_name (agent->name));
  g_hash_table_insert (vars, (char *) "agent_full", g_strdup (agent->name));
  g_hash_table_insert (vars, (char *) "the_product", g_strdup (json_array_get_string_element (names, 0)));
  g_hash_table_insert (vars, (char *) "product", g_strdup (json_array_get_string_element (names, 1)));
  g_hash_table_insert (vars, (char *) "colour",
                       g_strdup (json_object_get_string_member (json_object_get_object_member (colours, colour_id), lang)));
  g_hash_table_insert (vars, (char *) "price", format_price (lang, json_object_get_int_member (product, "price")));
  g_hash_table_insert (vars, (char *) "order", g_strdup (order));
  g_hash_table_insert (vars, (char *) "city", g_strdup (contact->city));
  g_hash_table_insert (vars, (char *) "tracking",
                       g_strdup_printf ("%04u %04u %04u", sandbox_rand_below (s->rand, 10000),
                                        sandbox_rand_below (s->rand, 10000), sandbox_rand_below (s->rand, 10000)));

  turn_list = json_object_get_array_member (script, "turns");
  for (guint i = 0; i < json_array_get_length (turn_list); i++)
    {
      JsonArray *spec = json_array_get_array_element (turn_list, i);
      Turn t = { 0 };

      t.who = json_array_get_string_element (spec, 0)[0];
      t.text = expand (json_array_get_string_element (spec, 1), vars);
      t.attach = json_array_get_length (spec) > 2 ? json_array_get_string_element (spec, 2) : NULL;
      t.product = product;
      t.colour = colour_id;
      t.order = g_strdup (order);
      t.script = script_id;
      g_array_append_val (turns, t);
    }
}

static void
add_turn (GArray     *turns,
          int         who,
          const char *text)
{
  Turn t = { 0 };

  t.who = who;
  t.text = g_strdup (text);
  g_array_append_val (turns, t);
}

static void
insert_turn (GArray     *turns,
             guint       index,
             int         who,
             const char *text)
{
  Turn t = { 0 };

  t.who = who;
  t.text = g_strdup (text);
  g_array_insert_val (turns, index, t);
}

/* Seconds between two messages, as people write on WhatsApp. */
static gint64
turn_gap (Seeder *s,
          int     prev,
          int     next)
{
  if (next == 'x')
    return (gint64) sandbox_rand_between (s->rand, 40, 600);
  if (next == 'n')
    return (gint64) sandbox_rand_between (s->rand, 30, 480);
  if (prev == next)
    return (gint64) sandbox_rand_between (s->rand, 20, 150);
  if (next == 'a')
    return (gint64) sandbox_rand_between (s->rand, 90, 2100);
  return (gint64) sandbox_rand_between (s->rand, 60, 5400);
}

static char *
italian_date (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  return g_date_time_format (dt, "Firenze, %d/%m/%Y");
}

static SandboxAttachment *
seed_attachment (Seeder         *s,
                 Turn           *t,
                 SandboxContact *contact,
                 gint64          at)
{
  SandboxAttachment *a = sandbox_attachment_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);
  JsonObject *src = json_object_new ();

  a->source = src;
  if (g_strcmp0 (t->attach, "photo") == 0 || g_strcmp0 (t->attach, "cphoto") == 0)
    {
      JsonObject *colour = json_object_get_object_member (json_object_get_object_member (s->seed, "colours"), t->colour);
      gboolean customer = t->attach[0] == 'c';
      g_autofree char *day = g_date_time_format (dt, "%Y%m%d");

      json_object_set_string_member (src, "kind", "png");
      json_object_set_string_member (src, "shape", json_object_get_string_member (t->product, "shape"));
      json_object_set_array_member (src, "rgb", json_array_ref (json_object_get_array_member (colour, "rgb")));
      json_object_set_boolean_member (src, "customer", customer);
      a->file_type = g_strdup ("image");
      a->content_type = g_strdup ("image/png");
      a->extension = g_strdup ("png");
      if (customer)
        a->filename = g_strdup_printf ("IMG-%s-WA%04u.png", day, s->photo_no++);
      else
        a->filename = g_strdup_printf ("%s-%s.png", json_object_get_string_member (t->product, "id"), t->colour);
      a->width = SANDBOX_PHOTO_WIDTH;
      a->height = SANDBOX_PHOTO_HEIGHT;
    }
  else if (g_strcmp0 (t->attach, "pdf") == 0 || g_strcmp0 (t->attach, "quote") == 0)
    {
      gboolean quote = t->attach[0] == 'q';
      JsonArray *lines = json_array_new ();
      JsonArray *line = json_array_new ();
      g_autofree char *number = g_strdup_printf ("%d/%04u", g_date_time_get_year (dt), s->invoice_no++);
      g_autofree char *date = italian_date (at);
      g_autofree char *file_number = g_strdelimit (g_strdup (number), "/", '-');

      if (quote)
        {
          json_array_add_string_element (line, "Portafoglio in pelle con logo inciso a caldo");
          json_array_add_double_element (line, 72.0);
          json_array_add_int_element (line, 12);
        }
      else if (g_strcmp0 (t->script, "it-giftcard") == 0)
        {
          json_array_add_string_element (line, "Buono regalo");
          json_array_add_double_element (line, 100.0);
        }
      else
        {
          JsonObject *colour = json_object_get_object_member (json_object_get_object_member (s->seed, "colours"), t->colour);
          const char *bare = json_array_get_string_element (json_object_get_array_member (t->product, "it"), 1);
          g_autofree char *what = g_strdup_printf ("%c%s, %s", g_ascii_toupper (bare[0]), bare + 1,
                                                   json_object_get_string_member (colour, "it"));

          json_array_add_string_element (line, what);
          json_array_add_double_element (line, (double) json_object_get_int_member (t->product, "price"));
        }
      json_array_add_array_element (lines, line);

      json_object_set_string_member (src, "kind", "pdf");
      json_object_set_string_member (src, "doc", quote ? "quote" : "invoice");
      json_object_set_string_member (src, "number", number);
      json_object_set_string_member (src, "date", date);
      json_object_set_string_member (src, "customer", contact->name);
      json_object_set_string_member (src, "city", contact->city);
      json_object_set_array_member (src, "lines", lines);
      a->file_type = g_strdup ("file");
      a->content_type = g_strdup ("application/pdf");
      a->extension = g_strdup ("pdf");
      a->filename = g_strdup_printf ("%s-%s.pdf", quote ? "Preventivo" : "Fattura", file_number);
    }
  else
    {
      /* The voice note ships as data/voice-note.ogg, made once with
       *   espeak-ng -v it -s 150 -w voice.wav "<the transcription below>"
       *   opusenc --bitrate 16 --downmix-mono voice.wav voice-note.ogg
       * so building needs neither tool. */
      g_autofree char *day = g_date_time_format (dt, "%Y%m%d");

      json_object_set_string_member (src, "kind", "resource");
      json_object_set_string_member (src, "path", "voice-note.ogg");
      a->file_type = g_strdup ("audio");
      a->content_type = g_strdup ("audio/ogg");
      a->extension = g_strdup ("ogg");
      a->filename = g_strdup_printf ("PTT-%s-WA%04u.ogg", day, s->photo_no++);
      a->transcribed_text = g_strdup ("Buongiorno, volevo sapere se la borsa in pelle marrone è ancora disponibile. "
                                      "Passo in negozio sabato mattina. Grazie!");
    }

  bytes = sandbox_media_render (src, FALSE, &error);
  if (bytes == NULL)
    g_error ("Cannot render a demo file: %s", error->message);
  a->file_size = (gint64) g_bytes_get_size (bytes);
  return a;
}

typedef struct {
  SandboxContact *contact;
  SandboxInbox   *inbox;
  const char     *status;
  SandboxAgent   *assignee;      /* NULL = unassigned */
  const char     *priority;
  gboolean        vip;
  gboolean        end_with_customer;
  gint64          last_at;       /* when its last message was written */
  GPtrArray      *scripts;       /* JsonObject, borrowed */
} Plan;

static SandboxConversation *
seed_conversation (Seeder *s,
                   Plan   *plan)
{
  SandboxShop *shop = s->shop;
  SandboxAgent *me = sandbox_shop_find_agent (shop, shop->profile_id);
  SandboxAgent *writer = plan->assignee ? plan->assignee : me;
  gboolean whatsapp = g_strcmp0 (plan->inbox->channel_type, "Channel::Whatsapp") == 0;
  g_autoptr(GArray) turns = g_array_new (FALSE, TRUE, sizeof (Turn));
  SandboxConversation *conv = sandbox_conversation_new ();
  g_autofree char *resolved_line = g_strdup_printf ("Conversation was marked resolved by %s", writer->name);
  gint64 t = 0, shift;
  gint64 last_out = 0;

  g_array_set_clear_func (turns, (GDestroyNotify) turn_clear);

  for (guint e = 0; e < plan->scripts->len; e++)
    {
      JsonObject *script = g_ptr_array_index (plan->scripts, e);
      guint start = turns->len;

      seed_episode (s, script, plan->contact, writer, turns);

      /* Each script adds its labels. */
      if (json_object_has_member (script, "labels"))
        {
          JsonArray *labels = json_object_get_array_member (script, "labels");

          for (guint i = 0; i < json_array_get_length (labels); i++)
            {
              const char *title = json_array_get_string_element (labels, i);

              if (!g_ptr_array_find_with_equal_func (conv->labels, title, g_str_equal, NULL))
                g_ptr_array_add (conv->labels, g_strdup (title));
            }
        }
      if (e == 0 && json_object_has_member (script, "subject"))
        json_object_set_string_member (conv->additional_attributes, "mail_subject",
                                       json_object_get_string_member (script, "subject"));

      if (e + 1 < plan->scripts->len)
        add_turn (turns, 'x', resolved_line);
      else if (plan->end_with_customer)
        {
          /* Cut the story where the customer waits for an answer. */
          g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (guint));

          for (guint i = start; i < turns->len; i++)
            if (g_array_index (turns, Turn, i).who == 'c' && i + 1 >= 3 && i + 1 < turns->len)
              g_array_append_val (cuts, i);
          if (cuts->len > 0)
            {
              guint cut = g_array_index (cuts, guint, sandbox_rand_below (s->rand, cuts->len));

              g_array_set_size (turns, cut + 1);
            }
        }
    }

  if (plan->assignee != NULL && sandbox_rand_between (s->rand, 0, 1) < 0.6)
    {
      g_autofree char *line = NULL;

      if (plan->assignee == me)
        line = g_strdup_printf ("%s self-assigned this conversation", me->name);
      else
        line = g_strdup_printf ("Assigned to %s by %s", plan->assignee->name, me->name);
      insert_turn (turns, 1, 'x', line);
    }
  if (g_strcmp0 (plan->status, "resolved") == 0)
    add_turn (turns, 'x', resolved_line);
  else if (g_strcmp0 (plan->status, "snoozed") == 0)
    {
      g_autofree char *line = g_strdup_printf ("Conversation was snoozed by %s", writer->name);

      add_turn (turns, 'x', line);
    }

  /* Lay the turns out in time, then move them so the last lands on last_at. */
  for (guint i = 0; i < turns->len; i++)
    {
      Turn *turn = &g_array_index (turns, Turn, i);

      if (i > 0)
        {
          Turn *prev = &g_array_index (turns, Turn, i - 1);

          if (prev->who == 'x' && g_str_has_prefix (prev->text, "Conversation was marked resolved"))
            t += (gint64) sandbox_rand_between (s->rand, 4 * 86400, 12 * 86400);   /* a later visit */
          else
            t += turn_gap (s, prev->who, turn->who);
        }
      turn->at = t;
    }
  shift = plan->last_at - t;

  conv->account_id = 1;
  conv->inbox_id = plan->inbox->id;
  conv->contact_id = plan->contact->id;
  conv->assignee_id = plan->assignee ? plan->assignee->id : 0;
  g_free (conv->status);
  conv->status = g_strdup (plan->status);
  conv->priority = g_strdup (plan->priority);
  {
    g_autofree char *hex = sandbox_random_string (s->rand, "0123456789abcdef", 32);

    conv->uuid = g_strdup_printf ("%.8s-%.4s-4%.3s-a%.3s-%.12s", hex, hex + 8, hex + 12, hex + 15, hex + 18);
  }
  if (plan->vip && !g_ptr_array_find_with_equal_func (conv->labels, "vip", g_str_equal, NULL))
    g_ptr_array_add (conv->labels, g_strdup ("vip"));

  for (guint i = 0; i < turns->len; i++)
    {
      Turn *turn = &g_array_index (turns, Turn, i);
      gint64 at = turn->at + shift;
      SandboxMessage *m;

      switch (turn->who)
        {
        case 'c':
          m = sandbox_message_new (NULL, SANDBOX_MESSAGE_INCOMING, turn->text);
          m->sender_type = g_strdup ("Contact");
          m->sender_id = plan->contact->id;
          if (whatsapp)
            m->source_id = sandbox_wamid (s->rand);
          else
            {
              g_autofree char *id = sandbox_random_string (s->rand, "0123456789ABCDEFabcdef", 36);

              m->source_id = g_strdup_printf ("<CA%s@mail.gmail.com>", id);
            }
          break;
        case 'a':
        case 'n':
          m = sandbox_message_new (NULL, SANDBOX_MESSAGE_OUTGOING, turn->text);
          m->sender_type = g_strdup ("User");
          m->sender_id = writer->id;
          m->is_private = turn->who == 'n';
          if (!m->is_private && whatsapp)
            {
              m->source_id = sandbox_wamid (s->rand);
              g_free (m->status);
              m->status = g_strdup ("read");
            }
          if (!m->is_private)
            last_out = MAX (last_out, at);
          break;
        default:
          m = sandbox_message_new (NULL, SANDBOX_MESSAGE_ACTIVITY, turn->text);
          break;
        }
      m->created_at = at;
      m->updated_at = at + sandbox_rand_between (s->rand, 0.05, 0.95);
      if (turn->attach != NULL)
        {
          SandboxAttachment *a = seed_attachment (s, turn, plan->contact, at);

          a->key = sandbox_random_string (s->rand, SANDBOX_ALNUM_LOWER, 28);
          g_ptr_array_add (m->attachments, a);
        }
      g_ptr_array_add (conv->messages, m);
    }

  /* The freshest outgoing WhatsApp message of a live conversation is not read yet. */
  if (whatsapp && g_strcmp0 (plan->status, "resolved") != 0)
    for (guint i = conv->messages->len; i > 0; i--)
      {
        SandboxMessage *m = g_ptr_array_index (conv->messages, i - 1);

        if (m->message_type == SANDBOX_MESSAGE_OUTGOING && !m->is_private)
          {
            g_free (m->status);
            m->status = g_strdup ("delivered");
            break;
          }
      }

  /* Timestamps, read state, waiting time. */
  {
    SandboxMessage *first = g_ptr_array_index (conv->messages, 0);
    SandboxMessage *last = g_ptr_array_index (conv->messages, conv->messages->len - 1);
    gint64 first_unanswered = 0;

    conv->created_at = first->created_at - 1;
    conv->last_activity_at = last->created_at;
    conv->updated_at = last->updated_at;
    for (guint i = 0; i < conv->messages->len; i++)
      {
        SandboxMessage *m = g_ptr_array_index (conv->messages, i);

        if (m->message_type == SANDBOX_MESSAGE_OUTGOING && !m->is_private)
          {
            if (conv->first_reply_created_at == 0)
              conv->first_reply_created_at = m->created_at;
            first_unanswered = 0;
          }
        else if (m->message_type == SANDBOX_MESSAGE_INCOMING && first_unanswered == 0)
          first_unanswered = m->created_at;
      }
    if (g_strcmp0 (plan->status, "resolved") != 0)
      conv->waiting_since = first_unanswered;

    conv->agent_last_seen_at = conv->last_activity_at + (gint64) sandbox_rand_between (s->rand, 30, 900);
    if (first_unanswered != 0 && g_strcmp0 (plan->status, "resolved") != 0 && sandbox_rand_between (s->rand, 0, 1) < 0.75)
      conv->agent_last_seen_at = MAX (last_out, first_unanswered - 1);
    conv->agent_last_seen_at = MIN (conv->agent_last_seen_at, s->now - 5);
    if (conv->assignee_id != 0)
      conv->assignee_last_seen_at = conv->agent_last_seen_at;
    if (g_strcmp0 (plan->status, "snoozed") == 0)
      conv->snoozed_until = s->now + (gint64) sandbox_rand_between (s->rand, 18, 96) * 3600;
  }

  if (!whatsapp)
    json_object_set_string_member (conv->additional_attributes, "source", "email");
  return conv;
}

static void
seed_static (Seeder *s)
{
  SandboxShop *shop = s->shop;
  JsonObject *seed = s->seed;
  JsonObject *account = json_object_get_object_member (seed, "account");
  JsonArray *array;
  SandboxAccount *acc = g_new0 (SandboxAccount, 1);

  acc->id = json_object_get_int_member (account, "id");
  acc->name = g_strdup (json_object_get_string_member (account, "name"));
  acc->status = g_strdup ("active");
  acc->created_at = s->now - 400 * 86400;
  g_ptr_array_add (shop->accounts, acc);
  shop->profile_id = json_object_get_int_member (seed, "profile_id");

  array = json_object_get_array_member (seed, "agents");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      SandboxAgent *a = g_new0 (SandboxAgent, 1);

      a->id = json_object_get_int_member (o, "id");
      a->name = g_strdup (json_object_get_string_member (o, "name"));
      a->email = g_strdup (json_object_get_string_member (o, "email"));
      a->role = g_strdup (json_object_get_string_member (o, "role"));
      a->availability = g_strdup (json_object_get_string_member (o, "availability"));
      g_ptr_array_add (shop->agents, a);
    }

  array = json_object_get_array_member (seed, "inboxes");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      SandboxInbox *inbox = g_new0 (SandboxInbox, 1);

      inbox->id = json_object_get_int_member (o, "id");
      inbox->account_id = acc->id;
      inbox->name = g_strdup (json_object_get_string_member (o, "name"));
      inbox->channel_type = g_strdup (json_object_get_string_member (o, "channel_type"));
      inbox->provider = g_strdup (json_object_get_string_member_with_default (o, "provider", NULL));
      inbox->phone_number = g_strdup (json_object_get_string_member_with_default (o, "phone_number", NULL));
      inbox->email = g_strdup (json_object_get_string_member_with_default (o, "email", NULL));
      if (json_object_has_member (o, "message_templates"))
        inbox->message_templates = json_node_copy (json_object_get_member (o, "message_templates"));
      g_ptr_array_add (shop->inboxes, inbox);
    }

  array = json_object_get_array_member (seed, "labels");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      SandboxLabel *l = g_new0 (SandboxLabel, 1);

      l->id = json_object_get_int_member (o, "id");
      l->account_id = acc->id;
      l->title = g_strdup (json_object_get_string_member (o, "title"));
      l->description = g_strdup (json_object_get_string_member (o, "description"));
      l->color = g_strdup (json_object_get_string_member (o, "color"));
      l->show_on_sidebar = json_object_get_boolean_member (o, "show_on_sidebar");
      g_ptr_array_add (shop->labels, l);
    }

  array = json_object_get_array_member (seed, "canned_responses");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      SandboxCanned *c = g_new0 (SandboxCanned, 1);

      c->id = i + 1;
      c->account_id = acc->id;
      c->short_code = g_strdup (json_object_get_string_member (o, "short_code"));
      c->content = g_strdup (json_object_get_string_member (o, "content"));
      c->created_at = s->now - (gint64) (300 - i * 17) * 86400 - sandbox_rand_below (s->rand, 80000);
      c->updated_at = c->created_at + (i % 3 == 0 ? (gint64) sandbox_rand_below (s->rand, 90) * 86400 : 0);
      g_ptr_array_add (shop->canned, c);
    }
}

static char *
seed_phone (Seeder     *s,
            const char *country,
            const char *city)
{

  if (g_strcmp0 (country, "IT") == 0)
    return g_strdup_printf ("+393%u%08u", 2 + sandbox_rand_below (s->rand, 8), sandbox_rand_below (s->rand, 100000000));
  if (g_strcmp0 (country, "PT") == 0)
    return g_strdup_printf ("+3519%u%07u", (guint) "1236"[sandbox_rand_below (s->rand, 4)] - '0', sandbox_rand_below (s->rand, 10000000));
  if (g_strcmp0 (country, "BR") == 0)
    {
      const char *area = g_strcmp0 (city, "Rio de Janeiro") == 0 ? "21" : g_strcmp0 (city, "Belo Horizonte") == 0 ? "31" : "11";

      return g_strdup_printf ("+55%s9%08u", area, sandbox_rand_below (s->rand, 100000000));
    }
  if (g_strcmp0 (country, "ES") == 0)
    return g_strdup_printf ("+346%08u", sandbox_rand_below (s->rand, 100000000));
  if (g_strcmp0 (country, "GB") == 0)
    return g_strdup_printf ("+447700900%03u", sandbox_rand_below (s->rand, 1000));   /* Ofcom's range for fiction */
  if (g_strcmp0 (country, "IE") == 0)
    return g_strdup_printf ("+35385%07u", sandbox_rand_below (s->rand, 10000000));
  if (g_strcmp0 (country, "US") == 0)
    return g_strdup_printf ("+1%s55501%02u", g_strcmp0 (city, "Boston") == 0 ? "617" : "212", sandbox_rand_below (s->rand, 100));
  return NULL;
}

static char *
seed_email (Seeder     *s,
            const char *name,
            const char *country)
{
  static const char *domains_it[] = { "gmail.com", "libero.it", "outlook.it", "alice.it" };
  static const char *domains_pt[] = { "gmail.com", "sapo.pt", "outlook.pt" };
  static const char *domains_br[] = { "gmail.com", "uol.com.br", "hotmail.com" };
  static const char *domains_es[] = { "gmail.com", "hotmail.es", "yahoo.es" };
  static const char *domains_en[] = { "gmail.com", "outlook.com", "icloud.com", "proton.me" };
  const char **domains = domains_en;
  guint n = G_N_ELEMENTS (domains_en);
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  g_autofree char *lower = g_ascii_strdown (ascii, -1);
  GString *local = g_string_new (NULL);

  if (g_strcmp0 (country, "IT") == 0)
    domains = domains_it, n = G_N_ELEMENTS (domains_it);
  else if (g_strcmp0 (country, "PT") == 0)
    domains = domains_pt, n = G_N_ELEMENTS (domains_pt);
  else if (g_strcmp0 (country, "BR") == 0)
    domains = domains_br, n = G_N_ELEMENTS (domains_br);
  else if (g_strcmp0 (country, "ES") == 0)
    domains = domains_es, n = G_N_ELEMENTS (domains_es);

  for (const char *p = lower; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (local, *p);
      else if (*p == ' ')
        g_string_append_c (local, '.');
    }
  if (sandbox_rand_below (s->rand, 3) == 0)
    g_string_append_printf (local, "%u", 70 + sandbox_rand_below (s->rand, 30));
  g_string_append_printf (local, "@%s", domains[sandbox_rand_below (s->rand, n)]);
  return g_string_free (local, FALSE);
}

static const char *
country_name (const char *code)
{
  static const char *names[][2] = {
    { "IT", "Italy" }, { "PT", "Portugal" }, { "BR", "Brazil" }, { "ES", "Spain" },
    { "GB", "United Kingdom" }, { "IE", "Ireland" }, { "US", "United States" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (names[i][0], code) == 0)
      return names[i][1];
  return code;
}

static JsonObject *
script_by_id (Seeder     *s,
              const char *id)
{
  JsonArray *scripts = json_object_get_array_member (s->seed, "scripts");

  for (guint i = 0; i < json_array_get_length (scripts); i++)
    {
      JsonObject *o = json_array_get_object_element (scripts, i);

      if (g_strcmp0 (json_object_get_string_member (o, "id"), id) == 0)
        return o;
    }
  g_error ("The demo shop has no script “%s”", id);
  return NULL;
}

static void
pick_scripts (Seeder         *s,
              SandboxContact *contact,
              GPtrArray      *out)
{
  JsonArray *scripts = json_object_get_array_member (s->seed, "scripts");
  g_autoptr(GPtrArray) pool = g_ptr_array_new ();
  double r = sandbox_rand_between (s->rand, 0, 1);
  guint episodes = r < 0.7 ? 1 : r < 0.92 ? 2 : 3;
  guint turns = 0;

  for (guint i = 0; i < json_array_get_length (scripts); i++)
    {
      JsonObject *o = json_array_get_object_element (scripts, i);

      if (g_strcmp0 (json_object_get_string_member (o, "lang"), contact->lang) == 0 &&
          !json_object_get_boolean_member_with_default (o, "email_only", FALSE))
        g_ptr_array_add (pool, o);
    }

  for (guint e = 0; e < episodes && pool->len > 0; e++)
    {
      guint pick = sandbox_rand_below (s->rand, pool->len);
      JsonObject *script = g_ptr_array_index (pool, pick);
      guint n = json_array_get_length (json_object_get_array_member (script, "turns"));

      if (out->len > 0 && turns + n + 3 > 28)
        break;
      turns += n + 1;
      g_ptr_array_add (out, script);
      g_ptr_array_remove_index (pool, pick);
    }
}

static gint
compare_conversations (gconstpointer a,
                       gconstpointer b)
{
  const SandboxConversation *ca = *(SandboxConversation **) a;
  const SandboxConversation *cb = *(SandboxConversation **) b;

  return (ca->created_at > cb->created_at) - (ca->created_at < cb->created_at);
}

static gint
compare_messages (gconstpointer a,
                  gconstpointer b)
{
  const SandboxMessage *ma = *(SandboxMessage **) a;
  const SandboxMessage *mb = *(SandboxMessage **) b;

  if (ma->created_at != mb->created_at)
    return (ma->created_at > mb->created_at) - (ma->created_at < mb->created_at);
  if (ma->conversation_id != mb->conversation_id)
    return (ma->conversation_id > mb->conversation_id) - (ma->conversation_id < mb->conversation_id);
  return 0;
}

SandboxShop *
sandbox_shop_new_seeded (gint64   now,
                         GError **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SHOP_SEED);
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) everything = g_ptr_array_new ();
  SandboxShop *shop;
  Seeder s = { 0 };
  JsonArray *customers;
  SandboxAgent *me, *luca, *sofia;
  SandboxInbox *whatsapp, *email;
  static const char *email_convs[][2] = {
    { "Davide Lombardi", "it-quote-email" }, { "Emily Carter", "en-belt-email" },
    { "James O'Connor", "en-delay" }, { "Oliver Hughes", "en-giftwrap" }, { "Hannah Walsh", "en-delay" },
  };
  static const char *vip_story[] = {
    "it-hours", "it-availability", "it-engraving", "it-sizes", "it-shipping", "it-repair", "it-voice", "it-return",
    "it-giftcard",
  };
  g_autoptr(GPtrArray) statuses = g_ptr_array_new ();
  g_autofree gboolean *returning = NULL;
  guint n_customers;

  s.seed = sandbox_load_seed (error);
  if (s.seed == NULL)
    return NULL;

  shop = sandbox_shop_new_empty ();
  shop->created_at = now;
  shop->token = sandbox_random_string (NULL, SANDBOX_ALNUM_MIXED, 24);
  shop->pubsub_token = sandbox_random_string (NULL, SANDBOX_ALNUM_MIXED, 24);
  s.rand = rand;
  s.shop = shop;
  s.now = now;
  s.order_no = 1040;
  s.invoice_no = 112;
  s.photo_no = 1;
  shop->seed = json_object_ref (s.seed);

  seed_static (&s);
  me = sandbox_shop_find_agent (shop, shop->profile_id);
  luca = sandbox_shop_find_agent (shop, 2);
  sofia = sandbox_shop_find_agent (shop, 3);
  whatsapp = sandbox_shop_find_inbox (shop, 1);
  email = sandbox_shop_find_inbox (shop, 2);

  customers = json_object_get_array_member (s.seed, "customers");
  n_customers = json_array_get_length (customers);
  returning = g_new0 (gboolean, n_customers);
  for (guint i = 0; i < n_customers; i++)
    {
      JsonArray *row = json_array_get_array_element (customers, i);
      SandboxContact *c = g_new0 (SandboxContact, 1);

      c->id = i + 1;
      c->name = g_strdup (json_array_get_string_element (row, 0));
      c->lang = g_strdup (json_array_get_string_element (row, 1));
      c->city = g_strdup (json_array_get_string_element (row, 2));
      c->country_code = g_strdup (json_array_get_string_element (row, 3));
      c->country = g_strdup (country_name (c->country_code));
      c->phone_number = seed_phone (&s, c->country_code, c->city);
      if (json_array_get_boolean_element (row, 4))
        c->email = seed_email (&s, c->name, c->country_code);
      g_ptr_array_add (shop->contacts, c);
    }

  /* The plan: who writes, where, in what state. */
  {
    Plan *vip = g_new0 (Plan, 1);
    Plan *closed = g_new0 (Plan, 1);
    const char *pool[] = { "open", "pending", "snoozed", "resolved" };
    const guint counts[] = { 22, 8, 6, 22 };

    vip->contact = g_ptr_array_index (shop->contacts, 0);
    vip->inbox = whatsapp;
    vip->status = "open";
    vip->assignee = me;
    vip->priority = "high";
    vip->vip = TRUE;
    vip->end_with_customer = TRUE;
    vip->last_at = now - 1500;
    vip->scripts = g_ptr_array_new ();
    for (guint i = 0; i < G_N_ELEMENTS (vip_story); i++)
      g_ptr_array_add (vip->scripts, script_by_id (&s, vip_story[i]));
    g_ptr_array_add (plans, vip);

    /* Outside WhatsApp's 24-hour window: only a template can reach her now. */
    closed->contact = g_ptr_array_index (shop->contacts, 2);
    closed->inbox = whatsapp;
    closed->status = "open";
    closed->assignee = me;
    closed->last_at = now - 29 * 3600;
    closed->scripts = g_ptr_array_new ();
    g_ptr_array_add (closed->scripts, script_by_id (&s, "it-engraving"));
    g_ptr_array_add (plans, closed);

    for (guint i = 0; i < G_N_ELEMENTS (email_convs); i++)
      {
        Plan *p = g_new0 (Plan, 1);

        for (guint j = 0; j < shop->contacts->len; j++)
          if (g_strcmp0 (((SandboxContact *) g_ptr_array_index (shop->contacts, j))->name, email_convs[i][0]) == 0)
            p->contact = g_ptr_array_index (shop->contacts, j);
        g_assert (p->contact != NULL);
        p->inbox = email;
        p->scripts = g_ptr_array_new ();
        g_ptr_array_add (p->scripts, script_by_id (&s, email_convs[i][1]));
        g_ptr_array_add (plans, p);
      }

    for (guint i = 1; i < n_customers; i++)
      {
        Plan *p = g_new0 (Plan, 1);

        p->contact = g_ptr_array_index (shop->contacts, i);
        p->inbox = whatsapp;
        g_ptr_array_add (plans, p);
      }
    /* Some customers come back with a second conversation. */
    while (plans->len < 60)
      {
        guint who = 1 + sandbox_rand_below (rand, n_customers - 1);
        Plan *p;

        if (returning[who])
          continue;
        returning[who] = TRUE;
        p = g_new0 (Plan, 1);
        p->contact = g_ptr_array_index (shop->contacts, who);
        p->inbox = whatsapp;
        g_ptr_array_add (plans, p);
      }

    for (guint i = 0; i < G_N_ELEMENTS (pool); i++)
      for (guint j = 0; j < counts[i]; j++)
        g_ptr_array_add (statuses, (gpointer) pool[i]);
    for (guint i = statuses->len; i > 1; i--)
      {
        guint j = sandbox_rand_below (rand, i);
        gpointer tmp = statuses->pdata[i - 1];

        statuses->pdata[i - 1] = statuses->pdata[j];
        statuses->pdata[j] = tmp;
      }
    g_assert (statuses->len == plans->len - 2);

    for (guint i = 2; i < plans->len; i++)
      {
        Plan *p = g_ptr_array_index (plans, i);
        const char *status = g_ptr_array_index (statuses, i - 2);
        double r = sandbox_rand_between (rand, 0, 1);

        p->status = status;
        if (g_strcmp0 (status, "resolved") == 0)
          {
            p->assignee = r < 0.45 ? me : r < 0.75 ? luca : sofia;
            p->last_at = now - (gint64) sandbox_rand_between (rand, 1.2 * 86400, 45 * 86400);
          }
        else if (g_strcmp0 (status, "snoozed") == 0)
          {
            p->assignee = r < 0.6 ? me : r < 0.8 ? luca : sofia;
            p->last_at = now - (gint64) sandbox_rand_between (rand, 3600, 20 * 3600);
          }
        else
          {
            if (g_strcmp0 (status, "open") == 0)
              p->assignee = r < 0.35 ? me : r < 0.5 ? luca : r < 0.6 ? sofia : NULL;
            else
              p->assignee = r < 0.25 ? me : r < 0.4 ? luca : NULL;
            p->end_with_customer = sandbox_rand_between (rand, 0, 1) < 0.6;
            p->last_at = now - (gint64) sandbox_rand_between (rand, 600, 20 * 3600);
            if (sandbox_rand_below (rand, 6) == 0)
              {
                static const char *priorities[] = { "low", "medium", "high", "urgent" };

                p->priority = priorities[sandbox_rand_below (rand, G_N_ELEMENTS (priorities))];
              }
          }
        p->vip = sandbox_rand_below (rand, 12) == 0;
        if (p->scripts == NULL)
          {
            p->scripts = g_ptr_array_new ();
            pick_scripts (&s, p->contact, p->scripts);
          }
      }
  }

  for (guint i = 0; i < plans->len; i++)
    {
      Plan *p = g_ptr_array_index (plans, i);
      SandboxConversation *conv = seed_conversation (&s, p);

      g_ptr_array_add (shop->conversations, conv);
      g_ptr_array_unref (p->scripts);
    }

  /* Display ids follow creation; message ids follow time across the whole shop. */
  g_ptr_array_sort (shop->conversations, compare_conversations);
  for (guint i = 0; i < shop->conversations->len; i++)
    {
      SandboxConversation *conv = g_ptr_array_index (shop->conversations, i);

      conv->display_id = shop->next_display_id++;
      for (guint j = 0; j < conv->messages->len; j++)
        {
          SandboxMessage *m = g_ptr_array_index (conv->messages, j);

          m->conversation_id = conv->display_id;
          m->account_id = conv->account_id;
          m->inbox_id = conv->inbox_id;
          g_ptr_array_add (everything, m);
        }
    }
  g_ptr_array_sort (everything, compare_messages);
  for (guint i = 0; i < everything->len; i++)
    {
      SandboxMessage *m = g_ptr_array_index (everything, i);

      m->id = shop->next_message_id++;
      for (guint k = 0; k < m->attachments->len; k++)
        {
          SandboxAttachment *a = g_ptr_array_index (m->attachments, k);

          a->id = shop->next_attachment_id++;
          a->message_id = m->id;
        }
    }

  /* Contacts: created a little before they first wrote. */
  for (guint i = 0; i < shop->contacts->len; i++)
    {
      SandboxContact *c = g_ptr_array_index (shop->contacts, i);

      c->created_at = now;
      for (guint j = 0; j < shop->conversations->len; j++)
        {
          SandboxConversation *conv = g_ptr_array_index (shop->conversations, j);

          if (conv->contact_id != c->id)
            continue;
          c->created_at = MIN (c->created_at, conv->created_at - (gint64) sandbox_rand_between (rand, 5, 600));
          for (guint k = 0; k < conv->messages->len; k++)
            {
              SandboxMessage *m = g_ptr_array_index (conv->messages, k);

              if (m->message_type == SANDBOX_MESSAGE_INCOMING)
                c->last_activity_at = MAX (c->last_activity_at, m->created_at);
            }
        }
    }

  g_clear_pointer (&s.seed, json_object_unref);
  return shop;
}
