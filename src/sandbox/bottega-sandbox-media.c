/* bottega-sandbox-media.c: the demo shop's files: PNG product photos, PDF invoices, a voice note
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-sandbox"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bottega-sandbox-private.h"
#include "bottega-sandbox-resources.h"

#define RESOURCE_BASE "/io/github/bottega_chat/Bottega/sandbox/"

/* ---- CRC-32 (ISO 3309, as PNG wants it) ---- */

static guint32 crc_table[256];

static void
crc_table_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          crc_table[n] = c;
        }
      g_once_init_leave (&initialized, 1);
    }
}

guint32
sandbox_crc32 (guint32       crc,
               const guint8 *data,
               gsize         len)
{
  crc_table_init ();
  crc ^= 0xffffffffu;
  for (gsize i = 0; i < len; i++)
    crc = crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

/* ---- PNG encoder (8-bit RGB, "Up" filter, zlib via GZlibCompressor) ---- */

static void
put_be32 (GByteArray *out,
          guint32     value)
{
  guint8 b[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (out, b, 4);
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         len)
{
  guint32 crc;

  put_be32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (out, data, len);
  crc = sandbox_crc32 (0, (const guint8 *) type, 4);
  crc = sandbox_crc32 (crc, data, len);
  put_be32 (out, crc);
}

static GBytes *
zlib_compress (const guint8 *data,
               gsize         len)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  if (!g_output_stream_write_all (stream, data, len, NULL, NULL, &error) ||
      !g_output_stream_close (stream, NULL, &error))
    g_error ("Compressing image data failed: %s", error->message);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

GBytes *
sandbox_png_encode_rgb (const guint8 *rgb,
                        guint         width,
                        guint         height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *raw = NULL;
  g_autoptr(GBytes) idat = NULL;
  gsize stride = (gsize) width * 3;
  guint8 ihdr[13];

  g_return_val_if_fail (rgb != NULL && width > 0 && height > 0, NULL);

  /* Each row: filter type 2 ("Up"), then the difference to the row above;
   * smooth photos of the kind drawn here shrink a lot with it. */
  raw = g_malloc ((stride + 1) * height);
  for (guint y = 0; y < height; y++)
    {
      guint8 *dst = raw + y * (stride + 1);
      const guint8 *row = rgb + y * stride;
      const guint8 *prev = y > 0 ? row - stride : NULL;

      dst[0] = 2;
      for (gsize i = 0; i < stride; i++)
        dst[1 + i] = (guint8) (row[i] - (prev ? prev[i] : 0));
    }
  idat = zlib_compress (raw, (stride + 1) * height);

  ihdr[0] = width >> 24; ihdr[1] = (width >> 16) & 0xff; ihdr[2] = (width >> 8) & 0xff; ihdr[3] = width & 0xff;
  ihdr[4] = height >> 24; ihdr[5] = (height >> 16) & 0xff; ihdr[6] = (height >> 8) & 0xff; ihdr[7] = height & 0xff;
  ihdr[8] = 8;   /* bit depth */
  ihdr[9] = 2;   /* truecolour */
  ihdr[10] = 0;  /* deflate */
  ihdr[11] = 0;  /* adaptive filtering */
  ihdr[12] = 0;  /* no interlace */

  g_byte_array_append (out, signature, sizeof signature);
  put_chunk (out, "IHDR", ihdr, sizeof ihdr);
  put_chunk (out, "IDAT", g_bytes_get_data (idat, NULL), g_bytes_get_size (idat));
  put_chunk (out, "IEND", NULL, 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
sandbox_png_get_size (GBytes *bytes,
                      int    *width,
                      int    *height)
{
  gsize len = 0;
  const guint8 *d = g_bytes_get_data (bytes, &len);

  if (len < 24 || memcmp (d, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp (d + 12, "IHDR", 4) != 0)
    return FALSE;
  *width = (d[16] << 24) | (d[17] << 16) | (d[18] << 8) | d[19];
  *height = (d[20] << 24) | (d[21] << 16) | (d[22] << 8) | d[23];
  return *width > 0 && *height > 0;
}

/* ---- product photos, drawn with signed distances ---- */

typedef struct {
  double r, g, b;
} Rgb;

typedef struct {
  guint8 *pixels;
  guint   width;
  guint   height;
  double  scale;   /* drawings are laid out on a 480×360 canvas */
} Canvas;

static double
clamp01 (double v)
{
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

static double
sd_round_rect (double px, double py, double cx, double cy, double hw, double hh, double r)
{
  double qx = fabs (px - cx) - (hw - r);
  double qy = fabs (py - cy) - (hh - r);
  double ox = MAX (qx, 0), oy = MAX (qy, 0);

  return sqrt (ox * ox + oy * oy) + MIN (MAX (qx, qy), 0) - r;
}

static double
sd_circle (double px, double py, double cx, double cy, double r)
{
  return hypot (px - cx, py - cy) - r;
}

/* Coverage of a shape at one pixel from its distance (in canvas units). */
static double
cover (const Canvas *c, double d)
{
  return clamp01 (0.5 - d * c->scale);
}

static void
blend (Rgb *dst, Rgb src, double alpha)
{
  dst->r += (src.r - dst->r) * alpha;
  dst->g += (src.g - dst->g) * alpha;
  dst->b += (src.b - dst->b) * alpha;
}

static Rgb
shade (Rgb c, double factor)
{
  return (Rgb) { clamp01 (c.r * factor), clamp01 (c.g * factor), clamp01 (c.b * factor) };
}

/* Distance to a product's silhouette, and what to paint inside it. */
static double
product_distance (const char *shape, double x, double y)
{
  if (g_strcmp0 (shape, "bag") == 0)
    {
      double body = sd_round_rect (x, y, 240, 215, 120, 85, 22);
      double handle = fabs (sd_circle (x, y, 240, 132, 66)) - 7;

      if (y > 132)
        handle = MAX (handle, y - 132);
      return MIN (body, handle);
    }
  if (g_strcmp0 (shape, "tote") == 0)
    {
      double body = sd_round_rect (x, y, 240, 225, 125 - (225 - y) * 0.12, 95, 10);
      double h1 = fabs (sd_circle (x, y, 190, 132, 36)) - 6;
      double h2 = fabs (sd_circle (x, y, 290, 132, 36)) - 6;

      if (y > 132)
        {
          h1 = MAX (h1, y - 132);
          h2 = MAX (h2, y - 132);
        }
      return MIN (body, MIN (h1, h2));
    }
  if (g_strcmp0 (shape, "wallet") == 0)
    return sd_round_rect (x, y, 240, 200, 150, 85, 14);
  if (g_strcmp0 (shape, "belt") == 0)
    return MIN (sd_round_rect (x, y, 255, 200, 195, 22, 6),
                fabs (sd_round_rect (x, y, 95, 200, 32, 38, 7)) - 4.5);   /* strap, buckle frame */
  if (g_strcmp0 (shape, "jacket") == 0 || g_strcmp0 (shape, "shirt") == 0)
    {
      double body = sd_round_rect (x, y, 240, 225, 95, 115, 14);
      /* sleeves hang from the shoulders and open outwards */
      double left = sd_round_rect (x + (y - 130) * 0.22, y, 165, 222, 25, 100, 12);
      double right = sd_round_rect (x - (y - 130) * 0.22, y, 315, 222, 25, 100, 12);
      double neck = -sd_circle (x, y, 240, 102, 30);

      return MAX (MIN (body, MIN (left, right)), neck);
    }
  return sd_round_rect (x, y, 240, 200, 110, 110, 20);
}

static Rgb
product_paint (const char *shape, Rgb base, double x, double y)
{
  /* Soft light from the upper left. */
  double light = 1.12 - 0.32 * clamp01 ((y - 90) / 240.0) - 0.10 * clamp01 ((x - 120) / 300.0);
  Rgb c = shade (base, light);
  static const Rgb gold = { 0.83, 0.69, 0.22 };

  if (g_strcmp0 (shape, "bag") == 0)
    {
      if (y > 130 && y < 198 && sd_round_rect (x, y, 240, 164, 120, 34, 14) < 0)
        c = shade (c, 0.84);
      if (sd_circle (x, y, 240, 196, 9) < 0)
        c = shade (gold, 1.05 - 0.3 * clamp01 ((y - 187) / 18.0));
    }
  else if (g_strcmp0 (shape, "wallet") == 0)
    {
      double inset = sd_round_rect (x, y, 240, 200, 138, 73, 8);

      if (fabs (y - 180) < 1.5)
        c = shade (c, 0.7);
      else if (fabs (inset) < 1.2 && fmod (x + y, 12) < 6)
        c = shade (c, 1.35);
    }
  else if (g_strcmp0 (shape, "belt") == 0)
    {
      double buckle = fabs (sd_round_rect (x, y, 95, 200, 32, 38, 7)) - 4.5;

      if (fmod (x - y + 400, 14) < 5)
        c = shade (c, 0.82);
      if (x > 300 && (sd_circle (x, y, 330, 200, 3.5) < 0 || sd_circle (x, y, 360, 200, 3.5) < 0 ||
                      sd_circle (x, y, 390, 200, 3.5) < 0))
        c = shade (c, 0.35);
      if (buckle < 0 || (fabs (y - 200) < 2.5 && x > 95 && x < 135))
        c = shade (gold, 1.0);
    }
  else if (g_strcmp0 (shape, "jacket") == 0)
    {
      if (fabs (x - 240) < (y - 110) * 0.45 + 4 && y < 215 && fabs (x - 240) > (y - 110) * 0.45 - 20)
        c = shade (c, 0.8);
      if (fabs (x - 240) < 1.6 && y > 140)
        c = (Rgb) { 0.72, 0.72, 0.74 };
    }
  else if (g_strcmp0 (shape, "shirt") == 0)
    {
      if (y < 140 && fabs (x - 240) < 48 && sd_circle (x, y, 240, 102, 40) < 0)
        c = shade (c, 0.9);
      for (int i = 0; i < 5; i++)
        if (sd_circle (x, y, 240, 150 + i * 40, 4) < 0)
          c = (Rgb) { 0.95, 0.94, 0.9 };
    }
  else if (g_strcmp0 (shape, "tote") == 0)
    {
      if (fabs (y - 145) < 1.2)
        c = shade (c, 1.3);
    }
  return c;
}

static GBytes *
render_product (const char *shape,
                Rgb         colour,
                gboolean    customer_photo,
                guint       width,
                guint       height)
{
  g_autofree guint8 *pixels = g_malloc ((gsize) width * height * 3);
  Canvas canvas = { pixels, width, height, width / 480.0 };

  for (guint py = 0; py < height; py++)
    for (guint px = 0; px < width; px++)
      {
        /* canvas coordinates of the pixel centre */
        double x = (px + 0.5) / canvas.scale;
        double y = (py + 0.5) / canvas.scale;
        double t = y / 360.0;
        Rgb c;
        double d, shadow;
        guint8 *dst = pixels + ((gsize) py * width + px) * 3;

        if (customer_photo)
          {
            /* a wooden table at home, slightly warm and uneven */
            double grain = 0.04 * sin (y * 0.21 + sin (x * 0.013) * 3.0);

            c = (Rgb) { 0.58 + grain - 0.12 * t, 0.43 + grain - 0.10 * t, 0.30 + grain - 0.08 * t };
          }
        else
          {
            /* the shop's backdrop: warm paper, a shelf edge two thirds down */
            if (y < 250)
              c = (Rgb) { 0.965 - 0.05 * t, 0.945 - 0.06 * t, 0.918 - 0.07 * t };
            else
              c = (Rgb) { 0.86 - 0.06 * t, 0.81 - 0.06 * t, 0.75 - 0.06 * t };
          }

        shadow = sd_round_rect (x, y, 248, 312, 170, 10, 10);
        blend (&c, (Rgb) { 0.2, 0.16, 0.12 }, 0.35 * clamp01 (1.0 - (shadow + 6) / 22.0));

        d = product_distance (shape, x, y);
        blend (&c, product_paint (shape, colour, x, y), cover (&canvas, d));

        if (customer_photo && fabs ((x - 170) * 0.45 - (y - 150) * 0.9) < 1.4 && x > 170 && x < 260 && d < 0)
          blend (&c, (Rgb) { 0.92, 0.88, 0.8 }, 0.9);   /* the scratch the customer complains about */

        dst[0] = (guint8) lround (clamp01 (c.r) * 255);
        dst[1] = (guint8) lround (clamp01 (c.g) * 255);
        dst[2] = (guint8) lround (clamp01 (c.b) * 255);
      }

  return sandbox_png_encode_rgb (pixels, width, height);
}

/* ---- PDF invoices and quotes ---- */

/* Appends @text as a PDF string literal in WinAnsiEncoding. */
static void
pdf_append_string (GString    *out,
                   const char *text)
{
  g_string_append_c (out, '(');
  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch == '(' || ch == ')' || ch == '\\')
        g_string_append_printf (out, "\\%c", (char) ch);
      else if (ch >= 0x20 && ch < 0x7f)
        g_string_append_c (out, (char) ch);
      else if (ch == 0x20ac)
        g_string_append (out, "\\200");
      else if (ch == 0x2013 || ch == 0x2014)
        g_string_append (out, "\\226");
      else if (ch >= 0xa0 && ch <= 0xff)
        g_string_append_printf (out, "\\%03o", (guint) ch);
      else
        g_string_append_c (out, '?');
    }
  g_string_append_c (out, ')');
}

static void
pdf_text (GString    *content,
          const char *font,
          double      size,
          double      x,
          double      y,
          const char *text)
{
  g_string_append_printf (content, "BT /%s %.0f Tf %.1f %.1f Td ", font, size, x, y);
  pdf_append_string (content, text);
  g_string_append (content, " Tj ET\n");
}

static char *
format_euro (double amount)
{
  g_autofree char *plain = g_strdup_printf ("%.2f", amount);

  /* Italian invoices use a decimal comma. */
  for (char *p = plain; *p; p++)
    if (*p == '.')
      *p = ',';
  return g_strdup_printf ("%s \xe2\x82\xac", plain);
}

static GBytes *
render_pdf (JsonObject *source)
{
  g_autoptr(GString) content = g_string_new (NULL);
  g_autoptr(GString) pdf = g_string_new (NULL);
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *doc = json_object_get_string_member_with_default (source, "doc", "invoice");
  const char *number = json_object_get_string_member_with_default (source, "number", "");
  const char *date = json_object_get_string_member_with_default (source, "date", "");
  const char *customer = json_object_get_string_member_with_default (source, "customer", "");
  const char *city = json_object_get_string_member_with_default (source, "city", "");
  JsonArray *lines = json_object_has_member (source, "lines") ? json_object_get_array_member (source, "lines") : NULL;
  gboolean quote = g_strcmp0 (doc, "quote") == 0;
  double total = 0, y = 560;
  g_autofree char *title = NULL;
  g_autofree char *t_total = NULL, *t_net = NULL, *t_vat = NULL;
  const char *objects[6];
  g_autofree char *stream_obj = NULL;
  gsize xref;

  pdf_text (content, "F2", 20, 50, 780, "Bottega Marchetti");
  pdf_text (content, "F1", 10, 50, 764, "Pelletteria e abbigliamento - Via dei Neri 21r, 50122 Firenze");
  pdf_text (content, "F1", 10, 50, 750, "ciao@bottegamarchetti.it - WhatsApp +39 055 239 8114");
  g_string_append (content, "0.6 0.4 0.25 RG 1.5 w 50 735 m 545 735 l S\n");

  title = g_strdup_printf ("%s n. %s", quote ? "Preventivo" : "Fattura", number);
  pdf_text (content, "F2", 16, 50, 700, title);
  pdf_text (content, "F1", 11, 50, 682, date);
  pdf_text (content, "F1", 10, 350, 700, quote ? "Spett.le" : "Intestata a");
  pdf_text (content, "F2", 12, 350, 684, customer);
  pdf_text (content, "F1", 11, 350, 669, city);

  g_string_append (content, "0 0 0 RG 0.5 w 50 610 m 545 610 l S\n");
  pdf_text (content, "F2", 10, 50, 596, "Descrizione");
  pdf_text (content, "F2", 10, 390, 596, "Q.ta");
  pdf_text (content, "F2", 10, 460, 596, "Importo");
  g_string_append (content, "50 588 m 545 588 l S\n");

  for (guint i = 0; lines && i < json_array_get_length (lines); i++)
    {
      JsonArray *line = json_array_get_array_element (lines, i);
      const char *what = json_array_get_string_element (line, 0);
      double price = json_array_get_double_element (line, 1);
      gint64 qty = json_array_get_length (line) > 2 ? json_array_get_int_element (line, 2) : 1;
      g_autofree char *amount = format_euro (price * qty);
      g_autofree char *q = g_strdup_printf ("%" G_GINT64_FORMAT, qty);

      pdf_text (content, "F1", 11, 50, y, what);
      pdf_text (content, "F1", 11, 395, y, q);
      pdf_text (content, "F1", 11, 460, y, amount);
      total += price * qty;
      y -= 20;
    }

  t_net = format_euro (total / 1.22);
  t_vat = format_euro (total - total / 1.22);
  t_total = format_euro (total);
  g_string_append_printf (content, "50 %.1f m 545 %.1f l S\n", y + 8, y + 8);
  pdf_text (content, "F1", 11, 330, y - 12, "Imponibile");
  pdf_text (content, "F1", 11, 460, y - 12, t_net);
  pdf_text (content, "F1", 11, 330, y - 28, "IVA 22%");
  pdf_text (content, "F1", 11, 460, y - 28, t_vat);
  pdf_text (content, "F2", 13, 330, y - 50, "Totale");
  pdf_text (content, "F2", 13, 460, y - 50, t_total);
  pdf_text (content, "F1", 9, 50, 90,
            quote ? "Preventivo valido 30 giorni. Tempi di lavorazione indicativi: due settimane."
                  : "Pagamento ricevuto. Resi e cambi entro 30 giorni con scontrino o fattura.");
  pdf_text (content, "F1", 9, 50, 76, "Grazie per aver scelto una bottega artigiana fiorentina.");

  objects[0] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[1] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
  objects[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
               "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>";
  objects[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
  objects[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>";
  stream_obj = g_strdup_printf ("<< /Length %" G_GSIZE_FORMAT " >>\nstream\n%sendstream", content->len, content->str);
  objects[5] = stream_obj;

  g_string_append (pdf, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      gsize offset = pdf->len;

      g_array_append_val (offsets, offset);
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", (guint) G_N_ELEMENTS (objects) + 1);
  for (guint i = 0; i < offsets->len; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", g_array_index (offsets, gsize, i));
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          (guint) G_N_ELEMENTS (objects) + 1, xref);

  return g_string_free_to_bytes (g_steal_pointer (&pdf));
}

/* ---- the render cache and entry point ---- */

static GMutex cache_lock;
static GHashTable *cache;   /* source JSON text + variant → GBytes */

GBytes *
sandbox_media_render (JsonObject  *source,
                      gboolean     thumbnail,
                      GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *cache_key = NULL;
  g_autofree char *text = NULL;
  const char *kind;
  GBytes *bytes = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  kind = json_object_get_string_member_with_default (source, "kind", "");
  if (g_strcmp0 (kind, "resource") == 0)
    {
      g_autofree char *path = g_strconcat (RESOURCE_BASE,
                                           json_object_get_string_member_with_default (source, "path", ""),
                                           NULL);

      return g_resource_lookup_data (bottega_sandbox_get_resource (), path,
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, error);
    }

  node = json_node_init_object (json_node_alloc (), source);
  text = json_to_string (node, FALSE);
  cache_key = g_strdup_printf ("%s#%d", text, thumbnail ? 1 : 0);

  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  bytes = g_hash_table_lookup (cache, cache_key);
  if (bytes != NULL)
    g_bytes_ref (bytes);
  g_mutex_unlock (&cache_lock);
  if (bytes != NULL)
    return bytes;

  if (g_strcmp0 (kind, "png") == 0)
    {
      JsonArray *rgb = json_object_get_array_member (source, "rgb");
      Rgb colour = { 0.5, 0.3, 0.2 };
      guint width = thumbnail ? 250 : SANDBOX_PHOTO_WIDTH;
      guint height = thumbnail ? 188 : SANDBOX_PHOTO_HEIGHT;

      if (rgb != NULL && json_array_get_length (rgb) == 3)
        colour = (Rgb) { json_array_get_int_element (rgb, 0) / 255.0,
                         json_array_get_int_element (rgb, 1) / 255.0,
                         json_array_get_int_element (rgb, 2) / 255.0 };
      bytes = render_product (json_object_get_string_member_with_default (source, "shape", "bag"),
                              colour,
                              json_object_get_boolean_member_with_default (source, "customer", FALSE),
                              width, height);
    }
  else if (g_strcmp0 (kind, "pdf") == 0)
    bytes = render_pdf (source);
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No media of kind “%s”", kind);
      return NULL;
    }

  g_mutex_lock (&cache_lock);
  g_hash_table_replace (cache, g_steal_pointer (&cache_key), g_bytes_ref (bytes));
  g_mutex_unlock (&cache_lock);

  return bytes;
}

GBytes *
sandbox_resource_bytes (const char  *name,
                        GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_BASE, name, NULL);

  return g_resource_lookup_data (bottega_sandbox_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}
