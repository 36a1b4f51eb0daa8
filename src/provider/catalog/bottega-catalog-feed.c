/* bottega-catalog-feed.c: product feed files (CSV / TSV) as a catalog source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-provider"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bottega-catalog-feed.h"

#define BUFFER_SIZE (64 * 1024)
/* How much of a value is quoted back in a reason. */
#define QUOTE_CHARS 40

typedef enum {
  COLUMN_ID,
  COLUMN_TITLE,
  COLUMN_DESCRIPTION,
  COLUMN_AVAILABILITY,
  COLUMN_CONDITION,
  COLUMN_PRICE,
  COLUMN_SALE_PRICE,
  COLUMN_LINK,
  COLUMN_IMAGE_LINK,
  COLUMN_BRAND,
  N_COLUMNS
} Column;

/* Header names after normalization (lower case, no "g:", "_" for spaces). */
static const struct {
  const char *name;
  Column      column;
} column_names[] = {
  { "id", COLUMN_ID },
  { "retailer_id", COLUMN_ID },
  { "title", COLUMN_TITLE },
  { "name", COLUMN_TITLE },
  { "description", COLUMN_DESCRIPTION },
  { "availability", COLUMN_AVAILABILITY },
  { "condition", COLUMN_CONDITION },
  { "price", COLUMN_PRICE },
  { "sale_price", COLUMN_SALE_PRICE },
  { "link", COLUMN_LINK },
  { "url", COLUMN_LINK },
  { "image_link", COLUMN_IMAGE_LINK },
  { "image_url", COLUMN_IMAGE_LINK },
  { "brand", COLUMN_BRAND },
};

struct _BottegaCatalogFeedReader
{
  GInputStream         *stream;
  goffset               max_size;
  goffset               consumed;     /* bytes taken from the stream */

  guint8               *buffer;
  gsize                 pos;
  gsize                 len;
  gboolean              eof;

  char                  delimiter;
  guint                 line;         /* the physical line being read, 1-based */
  int                   columns[N_COLUMNS];   /* field index of each column, -1 = absent */
  guint                 n_header_fields;

  /* the record being read */
  GPtrArray            *fields;       /* GString, reused */
  guint                 n_fields;
  guint                 record_line;
  gboolean              too_long;
  gboolean              unterminated;
  gboolean              too_many_fields;

  GHashTable           *seen;         /* retailer id → GUINT_TO_POINTER (line) */
  BottegaCatalogImport *report;
  guint                 n_products;
  gboolean              finished;
};

/* ---- bytes ---- */

static gboolean
fill (BottegaCatalogFeedReader  *reader,
      GCancellable              *cancellable,
      GError                   **error)
{
  gssize n;

  if (reader->eof)
    return TRUE;

  if (reader->pos < reader->len)
    {
      memmove (reader->buffer, reader->buffer + reader->pos, reader->len - reader->pos);
      reader->len -= reader->pos;
    }
  else
    reader->len = 0;
  reader->pos = 0;

  n = g_input_stream_read (reader->stream, reader->buffer + reader->len, BUFFER_SIZE - reader->len,
                           cancellable, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    reader->eof = TRUE;

  reader->len += n;
  reader->consumed += n;
  if (reader->consumed > reader->max_size)
    {
      g_autofree char *size = g_format_size (reader->max_size);

      g_set_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_TOO_LARGE,
                   /* Translators: %s is a size such as “200 MB” */
                   _("The file is larger than %s, more than a product feed can be"), size);
      return FALSE;
    }

  return TRUE;
}

/* The next byte without taking it, or -1 at the end; -2 on error. */
static inline int
peek_byte (BottegaCatalogFeedReader  *reader,
           GCancellable              *cancellable,
           GError                   **error)
{
  if (G_UNLIKELY (reader->pos >= reader->len))
    {
      if (!fill (reader, cancellable, error))
        return -2;
      if (reader->pos >= reader->len)
        return -1;
    }

  return reader->buffer[reader->pos];
}

static inline int
next_byte (BottegaCatalogFeedReader  *reader,
           GCancellable              *cancellable,
           GError                   **error)
{
  int c = peek_byte (reader, cancellable, error);

  if (c >= 0)
    reader->pos++;
  return c;
}

/* ---- records ---- */

static GString *
current_field (BottegaCatalogFeedReader *reader)
{
  return g_ptr_array_index (reader->fields, reader->n_fields - 1);
}

static void
start_field (BottegaCatalogFeedReader *reader)
{
  if (reader->n_fields >= BOTTEGA_CATALOG_FEED_MAX_COLUMNS)
    {
      /* Further fields are read into the last one and thrown away. */
      reader->too_many_fields = TRUE;
      g_string_truncate (current_field (reader), 0);
      return;
    }

  if (reader->n_fields == reader->fields->len)
    g_ptr_array_add (reader->fields, g_string_sized_new (64));
  reader->n_fields++;
  g_string_truncate (current_field (reader), 0);
}

static inline void
append (BottegaCatalogFeedReader *reader,
        GString                  *field,
        char                      c)
{
  if (G_UNLIKELY (field->len >= BOTTEGA_CATALOG_FEED_MAX_FIELD))
    reader->too_long = TRUE;
  else
    g_string_append_c (field, c);
}

/* Reads one record (RFC 4180, with a lone CR also ending a line). FALSE
 * with no error at the end of the input. */
static gboolean
read_record (BottegaCatalogFeedReader  *reader,
             GCancellable              *cancellable,
             GError                   **error)
{
  gboolean in_quotes = FALSE;
  gboolean field_start = TRUE;
  GString *field;
  int c;

  reader->n_fields = 0;
  reader->too_long = FALSE;
  reader->unterminated = FALSE;
  reader->too_many_fields = FALSE;
  reader->record_line = reader->line;

  c = peek_byte (reader, cancellable, error);
  if (c == -2)
    return FALSE;
  if (c == -1)
    return FALSE;

  start_field (reader);
  field = current_field (reader);

  for (;;)
    {
      c = next_byte (reader, cancellable, error);
      if (c == -2)
        return FALSE;
      if (c == -1)
        {
          reader->unterminated = in_quotes;
          return TRUE;
        }

      if (in_quotes)
        {
          if (c == '"')
            {
              int d = peek_byte (reader, cancellable, error);

              if (d == -2)
                return FALSE;
              if (d == '"')
                {
                  reader->pos++;
                  append (reader, field, '"');
                }
              else
                in_quotes = FALSE;
            }
          else if (c == '\r')
            {
              int d = peek_byte (reader, cancellable, error);

              if (d == -2)
                return FALSE;
              if (d == '\n')
                reader->pos++;
              reader->line++;
              append (reader, field, '\n');
            }
          else
            {
              if (c == '\n')
                reader->line++;
              append (reader, field, (char) c);
            }
          continue;
        }

      if (c == reader->delimiter)
        {
          start_field (reader);
          field = current_field (reader);
          field_start = TRUE;
          continue;
        }

      if (c == '\n' || c == '\r')
        {
          if (c == '\r')
            {
              int d = peek_byte (reader, cancellable, error);

              if (d == -2)
                return FALSE;
              if (d == '\n')
                reader->pos++;
            }
          reader->line++;
          return TRUE;
        }

      if (c == '"' && field_start)
        in_quotes = TRUE;
      else
        append (reader, field, (char) c);   /* a quote inside a bare field is text */
      field_start = FALSE;
    }
}

/* ---- the header ---- */

/* Comma, tab or semicolon: whichever the header line has most of, outside
 * quotes (a comma on a tie). */
static char
detect_delimiter (const guint8 *data,
                  gsize         len)
{
  guint commas = 0, tabs = 0, semicolons = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (data[i] == '\n' || data[i] == '\r')
        break;
      else if (data[i] == ',')
        commas++;
      else if (data[i] == '\t')
        tabs++;
      else if (data[i] == ';')
        semicolons++;
    }

  if (tabs > commas && tabs >= semicolons)
    return '\t';
  if (semicolons > commas)
    return ';';
  return ',';
}

static char *
normalize_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  const char *start = g_strstrip (lower);

  if (g_str_has_prefix (start, "g:"))
    start += 2;

  return g_strdelimit (g_strdup (start), " -", '_');
}

static const char *
column_label (Column column)
{
  switch (column)
    {
    case COLUMN_ID:
      return "id";
    case COLUMN_TITLE:
      return "title";
    case COLUMN_PRICE:
      return "price";
    case COLUMN_DESCRIPTION:
    case COLUMN_AVAILABILITY:
    case COLUMN_CONDITION:
    case COLUMN_SALE_PRICE:
    case COLUMN_LINK:
    case COLUMN_IMAGE_LINK:
    case COLUMN_BRAND:
    case N_COLUMNS:
    default:
      return "";
    }
}

static gboolean
read_header (BottegaCatalogFeedReader  *reader,
             GCancellable              *cancellable,
             GError                   **error)
{
  static const Column required[] = { COLUMN_ID, COLUMN_TITLE, COLUMN_PRICE };
  g_autoptr(GString) missing = g_string_new (NULL);
  guint n_missing = 0;

  if (!fill (reader, cancellable, error))
    return FALSE;

  if (reader->len >= 2 && ((reader->buffer[0] == 0xff && reader->buffer[1] == 0xfe) ||
                           (reader->buffer[0] == 0xfe && reader->buffer[1] == 0xff)))
    {
      g_set_error_literal (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_INVALID,
                           _("The file is in UTF-16; save it as UTF-8 text to import it"));
      return FALSE;
    }
  if (reader->len >= 3 && memcmp (reader->buffer, "\xef\xbb\xbf", 3) == 0)
    reader->pos = 3;

  reader->delimiter = detect_delimiter (reader->buffer + reader->pos, reader->len - reader->pos);

  /* Blank lines before the header are tolerated. */
  do
    {
      if (!read_record (reader, cancellable, error))
        {
          if (error == NULL || *error == NULL)
            g_set_error_literal (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_INVALID,
                                 _("The file is empty"));
          return FALSE;
        }
    }
  while (reader->n_fields == 1 && current_field (reader)->len == 0);

  for (guint i = 0; i < N_COLUMNS; i++)
    reader->columns[i] = -1;

  for (guint i = 0; i < reader->n_fields; i++)
    {
      GString *name = g_ptr_array_index (reader->fields, i);
      g_autofree char *normal = NULL;

      if (!g_utf8_validate_len (name->str, name->len, NULL))
        {
          g_set_error_literal (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_INVALID,
                               _("The first line of the file is not UTF-8 text; "
                                 "a product feed starts with a line of column names"));
          return FALSE;
        }

      normal = normalize_name (name->str);
      for (guint j = 0; j < G_N_ELEMENTS (column_names); j++)
        {
          /* A repeated column: the first one counts. */
          if (g_str_equal (normal, column_names[j].name) && reader->columns[column_names[j].column] < 0)
            reader->columns[column_names[j].column] = (int) i;
        }
    }
  reader->n_header_fields = reader->n_fields;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      if (reader->columns[required[i]] >= 0)
        continue;
      if (missing->len > 0)
        g_string_append (missing, ", ");
      g_string_append_printf (missing, "“%s”", column_label (required[i]));
      n_missing++;
    }

  if (n_missing > 0)
    {
      g_set_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: %s lists column names, such as “id”, “price” */
                                "The file is not a product feed: its first line has no %s column "
                                "(a feed needs the columns “id”, “title” and “price”)",
                                "The file is not a product feed: its first line has no %s columns "
                                "(a feed needs the columns “id”, “title” and “price”)",
                                n_missing),
                   missing->str);
      return FALSE;
    }

  return TRUE;
}

/* ---- lines to products ---- */

/* The field of @column in the current record, stripped, or "". */
static const char *
field_text (BottegaCatalogFeedReader *reader,
            Column                    column)
{
  int index = reader->columns[column];
  GString *field;

  if (index < 0 || (guint) index >= reader->n_fields)
    return "";

  field = g_ptr_array_index (reader->fields, index);
  return g_strstrip (field->str);
}

/* A value quoted in a reason: short, on one line, without control characters. */
static char *
quote_value (const char *value)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n++ >= QUOTE_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_iscntrl (c) ? ' ' : c);
    }

  return g_string_free (out, FALSE);
}

static const char *
web_address (const char *text)
{
  if (*text == '\0' || strlen (text) > 4096)
    return NULL;
  if ((g_ascii_strncasecmp (text, "https://", 8) != 0 && g_ascii_strncasecmp (text, "http://", 7) != 0) ||
      !g_uri_is_valid (text, G_URI_FLAGS_PARSE_RELAXED, NULL))
    return NULL;
  return text;
}

static void
skip (BottegaCatalogFeedReader *reader,
      const char               *retailer_id,
      const char               *reason)
{
  bottega_catalog_import_skip (reader->report, reader->record_line, retailer_id, reason);
}

/* The current record as a product, or NULL when it is skipped (and recorded). */
static BottegaProduct *
record_to_product (BottegaCatalogFeedReader *reader)
{
  g_autoptr(BottegaProduct) product = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *reason = NULL;
  const char *id, *title, *price_text, *sale_text, *availability_text, *condition;
  BottegaAvailability availability = BOTTEGA_AVAILABILITY_IN_STOCK;
  gint64 price = 0, sale = -1;
  gpointer first_line;

  if (reader->unterminated)
    {
      skip (reader, NULL, _("a quoted field is not closed before the end of the file"));
      return NULL;
    }
  if (reader->too_many_fields || reader->n_fields > reader->n_header_fields)
    {
      g_autofree char *fields = NULL;
      g_autofree char *columns = NULL;

      /* Each count gets its own plural; a third string joins the two. */
      if (reader->too_many_fields)
        fields = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: starts “the line has more than
                                                * 256 fields but the first line names 5 columns” */
                                               "the line has more than %u field",
                                               "the line has more than %u fields",
                                               reader->n_fields),
                                  reader->n_fields);
      else
        fields = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: starts “the line has 7 fields
                                                * but the first line names 5 columns” */
                                               "the line has %u field",
                                               "the line has %u fields",
                                               reader->n_fields),
                                  reader->n_fields);
      columns = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: ends “the line has 7 fields
                                               * but the first line names 5 columns” */
                                              "the first line names %u column",
                                              "the first line names %u columns",
                                              reader->n_header_fields),
                                 reader->n_header_fields);
      /* Translators: %1$s is “the line has 7 fields”, %2$s is
       * “the first line names 5 columns” */
      reason = g_strdup_printf (C_("catalog feed line", "%1$s but %2$s"), fields, columns);
      skip (reader, NULL, reason);
      return NULL;
    }
  for (guint i = 0; i < reader->n_fields; i++)
    {
      GString *field = g_ptr_array_index (reader->fields, i);

      if (!g_utf8_validate_len (field->str, field->len, NULL))
        {
          skip (reader, NULL, _("the line is not valid UTF-8 text"));
          return NULL;
        }
    }

  id = field_text (reader, COLUMN_ID);
  if (*id == '\0')
    {
      skip (reader, NULL, _("the line has no id"));
      return NULL;
    }
  if (g_utf8_strlen (id, -1) > BOTTEGA_CATALOG_MAX_RETAILER_ID)
    {
      reason = g_strdup_printf (_("the id is longer than %u characters"), BOTTEGA_CATALOG_MAX_RETAILER_ID);
      skip (reader, NULL, reason);
      return NULL;
    }
  if (reader->too_long)
    {
      /* Translators: %u is a number of kilobytes */
      reason = g_strdup_printf (_("a field is longer than %u KB"), BOTTEGA_CATALOG_FEED_MAX_FIELD / 1024);
      skip (reader, id, reason);
      return NULL;
    }
  if (g_hash_table_lookup_extended (reader->seen, id, NULL, &first_line))
    {
      g_autofree char *quoted = quote_value (id);

      /* Translators: %s is a product id, %u a line number of the file */
      reason = g_strdup_printf (_("the id “%s” is already on line %u"), quoted, GPOINTER_TO_UINT (first_line));
      skip (reader, id, reason);
      return NULL;
    }

  title = field_text (reader, COLUMN_TITLE);
  if (*title == '\0')
    {
      skip (reader, id, _("the product has no title"));
      return NULL;
    }

  price_text = field_text (reader, COLUMN_PRICE);
  if (*price_text == '\0')
    {
      skip (reader, id, _("the product has no price"));
      return NULL;
    }
  if (!bottega_price_parse (price_text, &price, &currency))
    {
      g_autofree char *quoted = quote_value (price_text);

      /* Translators: %s is the price as written in the file */
      reason = g_strdup_printf (_("the price “%s” is not an amount and a currency such as “12.50 EUR”"), quoted);
      skip (reader, id, reason);
      return NULL;
    }

  sale_text = field_text (reader, COLUMN_SALE_PRICE);
  if (*sale_text != '\0')
    {
      g_autofree char *sale_currency = NULL;

      if (!bottega_price_parse (sale_text, &sale, &sale_currency))
        {
          g_autofree char *quoted = quote_value (sale_text);

          /* Translators: %s is the sale price as written in the file */
          reason = g_strdup_printf (_("the sale price “%s” is not an amount and a currency such as “9.90 EUR”"),
                                    quoted);
          skip (reader, id, reason);
          return NULL;
        }
      if (!g_str_equal (sale_currency, currency))
        {
          /* Translators: both are currency codes such as EUR */
          reason = g_strdup_printf (_("the sale price is in %s but the price in %s"), sale_currency, currency);
          skip (reader, id, reason);
          return NULL;
        }
    }

  availability_text = field_text (reader, COLUMN_AVAILABILITY);
  if (*availability_text != '\0' && !bottega_availability_from_string (availability_text, &availability))
    {
      g_autofree char *quoted = quote_value (availability_text);

      /* Translators: %s is the availability as written in the file */
      reason = g_strdup_printf (_("the availability “%s” is none of “in stock”, “out of stock”, "
                                  "“preorder”, “available for order” or “discontinued”"), quoted);
      skip (reader, id, reason);
      return NULL;
    }

  condition = field_text (reader, COLUMN_CONDITION);

  product = bottega_product_new ();
  bottega_product_set_retailer_id (product, id);
  bottega_product_set_name (product, title);
  bottega_product_set_price_minor (product, price);
  bottega_product_set_currency (product, currency);
  bottega_product_set_sale_price_minor (product, sale);
  bottega_product_set_availability (product, availability);
  if (*field_text (reader, COLUMN_DESCRIPTION) != '\0')
    bottega_product_set_description (product, field_text (reader, COLUMN_DESCRIPTION));
  if (*field_text (reader, COLUMN_BRAND) != '\0')
    bottega_product_set_brand (product, field_text (reader, COLUMN_BRAND));
  if (g_ascii_strcasecmp (condition, "new") == 0 || g_ascii_strcasecmp (condition, "used") == 0 ||
      g_ascii_strcasecmp (condition, "refurbished") == 0)
    {
      g_autofree char *lower = g_ascii_strdown (condition, -1);

      bottega_product_set_condition (product, lower);
    }
  /* A broken web address loses the address, not the product. */
  bottega_product_set_link (product, web_address (field_text (reader, COLUMN_LINK)));
  bottega_product_set_image_url (product, web_address (field_text (reader, COLUMN_IMAGE_LINK)));

  g_hash_table_insert (reader->seen, g_strdup (id), GUINT_TO_POINTER (reader->record_line));
  return g_steal_pointer (&product);
}

static void
set_nothing_usable (BottegaCatalogFeedReader  *reader,
                    GError                   **error)
{
  g_autoptr(GString) examples = g_string_new (NULL);

  if (reader->report->n_skipped == 0)
    {
      g_set_error_literal (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_EMPTY,
                           _("The file has column names but no products"));
      return;
    }

  for (guint i = 0; i < MIN (reader->report->skipped->len, 3u); i++)
    {
      BottegaCatalogSkip *skipped = g_ptr_array_index (reader->report->skipped, i);

      if (examples->len > 0)
        g_string_append (examples, "; ");
      /* Translators: %u is a line number, %s why the line was skipped */
      g_string_append_printf (examples, _("line %u: %s"), skipped->line, skipped->reason);
    }

  g_set_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_EMPTY,
               g_dngettext (GETTEXT_PACKAGE,
                            /* Translators: %u is a number of lines, %s the first reasons ("line 2: …; line 3: …") */
                            "Nothing in the file can be imported: its %u product line has a problem (%s)",
                            "Nothing in the file can be imported: all its %u product lines have problems (%s)",
                            reader->report->n_skipped),
               reader->report->n_skipped, examples->str);
}

BottegaProduct *
bottega_catalog_feed_reader_next (BottegaCatalogFeedReader  *reader,
                                  GCancellable              *cancellable,
                                  GError                   **error)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (reader->finished)
    return NULL;

  for (;;)
    {
      GError *local_error = NULL;
      BottegaProduct *product;

      if (!read_record (reader, cancellable, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return NULL;
            }
          reader->finished = TRUE;
          if (reader->n_products == 0)
            set_nothing_usable (reader, error);
          return NULL;
        }

      /* A blank line is no product. */
      if (reader->n_fields == 1 && current_field (reader)->len == 0 && !reader->unterminated)
        continue;

      product = record_to_product (reader);
      if (product == NULL)
        continue;

      if (reader->n_products >= BOTTEGA_CATALOG_MAX_PRODUCTS)
        {
          g_object_unref (product);
          g_set_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_TOO_LARGE,
                       /* Translators: %u is a number of products */
                       _("The file has more than %u products, more than Bottega keeps in a catalog"),
                       (guint) BOTTEGA_CATALOG_MAX_PRODUCTS);
          return NULL;
        }

      reader->n_products++;
      return product;
    }
}

/* ---- the reader ---- */

void
bottega_catalog_feed_reader_free (BottegaCatalogFeedReader *reader)
{
  if (reader == NULL)
    return;

  g_clear_object (&reader->stream);
  g_free (reader->buffer);
  g_clear_pointer (&reader->fields, g_ptr_array_unref);
  g_clear_pointer (&reader->seen, g_hash_table_unref);
  g_clear_pointer (&reader->report, bottega_catalog_import_free);
  g_free (reader);
}

static void
free_gstring (gpointer data)
{
  g_string_free (data, TRUE);
}

BottegaCatalogFeedReader *
bottega_catalog_feed_reader_new (GInputStream  *stream,
                                 goffset        max_size,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(BottegaCatalogFeedReader) reader = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (max_size >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = g_new0 (BottegaCatalogFeedReader, 1);
  reader->stream = g_object_ref (stream);
  reader->max_size = max_size > 0 ? max_size : BOTTEGA_CATALOG_FEED_MAX_SIZE;
  reader->buffer = g_malloc (BUFFER_SIZE);
  reader->line = 1;
  reader->fields = g_ptr_array_new_with_free_func (free_gstring);
  reader->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader->report = bottega_catalog_import_new ();

  if (!read_header (reader, cancellable, error))
    return NULL;

  return g_steal_pointer (&reader);
}

BottegaCatalogFeedReader *
bottega_catalog_feed_reader_open (const char    *path,
                                  goffset        max_size,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_size >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (max_size == 0)
    max_size = BOTTEGA_CATALOG_FEED_MAX_SIZE;

  file = g_file_new_for_path (path);
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                 G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                         cancellable, error);
  if (info == NULL)
    return NULL;

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR && g_file_info_get_size (info) > max_size)
    {
      g_autofree char *limit = g_format_size (max_size);
      g_autofree char *size = g_format_size (g_file_info_get_size (info));

      g_set_error (error, BOTTEGA_CATALOG_ERROR, BOTTEGA_CATALOG_ERROR_TOO_LARGE,
                   /* Translators: both are sizes such as “250 MB” */
                   _("The file is %s, larger than the %s a product feed may have"), size, limit);
      return NULL;
    }

  return bottega_catalog_feed_reader_new (G_INPUT_STREAM (stream), max_size, cancellable, error);
}

const BottegaCatalogImport *
bottega_catalog_feed_reader_get_report (BottegaCatalogFeedReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);

  return reader->report;
}

guint
bottega_catalog_feed_reader_get_n_products (BottegaCatalogFeedReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->n_products;
}

char
bottega_catalog_feed_reader_get_delimiter (BottegaCatalogFeedReader *reader)
{
  g_return_val_if_fail (reader != NULL, ',');

  return reader->delimiter;
}

/* ---- BottegaCatalogFeed ---- */

struct _BottegaCatalogFeed
{
  GObject  parent_instance;

  char    *path;
  goffset  max_size;
};

static void bottega_catalog_feed_source_iface_init (BottegaCatalogSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BottegaCatalogFeed, bottega_catalog_feed, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BOTTEGA_TYPE_CATALOG_SOURCE,
                                                      bottega_catalog_feed_source_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  PROP_MAX_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static BottegaCatalogImport *
bottega_catalog_feed_fetch (BottegaCatalogSource  *source,
                            GCancellable          *cancellable,
                            GError               **error)
{
  BottegaCatalogFeed *self = BOTTEGA_CATALOG_FEED (source);
  g_autoptr(BottegaCatalogFeedReader) reader = NULL;
  g_autoptr(BottegaCatalogImport) import = NULL;
  GError *local_error = NULL;
  BottegaProduct *product;

  reader = bottega_catalog_feed_reader_open (self->path, self->max_size, cancellable, error);
  if (reader == NULL)
    return NULL;

  import = bottega_catalog_import_new ();
  while ((product = bottega_catalog_feed_reader_next (reader, cancellable, &local_error)) != NULL)
    g_ptr_array_add (import->products, product);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  /* The report moves over whole: its products array is empty. */
  g_ptr_array_extend_and_steal (import->skipped, g_steal_pointer (&reader->report->skipped));
  reader->report->skipped = g_ptr_array_new ();
  import->n_skipped = reader->report->n_skipped;

  return g_steal_pointer (&import);
}

static void
bottega_catalog_feed_source_iface_init (BottegaCatalogSourceInterface *iface)
{
  iface->fetch = bottega_catalog_feed_fetch;
}

static void
bottega_catalog_feed_finalize (GObject *object)
{
  BottegaCatalogFeed *self = BOTTEGA_CATALOG_FEED (object);

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (bottega_catalog_feed_parent_class)->finalize (object);
}

static void
bottega_catalog_feed_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BottegaCatalogFeed *self = BOTTEGA_CATALOG_FEED (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_MAX_SIZE:
      g_value_set_int64 (value, self->max_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_catalog_feed_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BottegaCatalogFeed *self = BOTTEGA_CATALOG_FEED (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case PROP_MAX_SIZE:
      bottega_catalog_feed_set_max_size (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_catalog_feed_class_init (BottegaCatalogFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bottega_catalog_feed_finalize;
  object_class->get_property = bottega_catalog_feed_get_property;
  object_class->set_property = bottega_catalog_feed_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX_SIZE] =
    g_param_spec_int64 ("max-size", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bottega_catalog_feed_init (BottegaCatalogFeed *self)
{
}

BottegaCatalogFeed *
bottega_catalog_feed_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (BOTTEGA_TYPE_CATALOG_FEED, "path", path, NULL);
}

const char *
bottega_catalog_feed_get_path (BottegaCatalogFeed *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CATALOG_FEED (self), NULL);

  return self->path;
}

goffset
bottega_catalog_feed_get_max_size (BottegaCatalogFeed *self)
{
  g_return_val_if_fail (BOTTEGA_IS_CATALOG_FEED (self), 0);

  return self->max_size;
}

void
bottega_catalog_feed_set_max_size (BottegaCatalogFeed *self,
                                   goffset             max_size)
{
  g_return_if_fail (BOTTEGA_IS_CATALOG_FEED (self));
  g_return_if_fail (max_size >= 0);

  if (self->max_size == max_size)
    return;

  self->max_size = max_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SIZE]);
}
