/* bottega-text.c: presenting untrusted text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bottega-text.h"

static gboolean
is_hidden (gunichar c)
{
  /* Format characters (bidi embeddings and overrides, zero-width
   * characters) can reorder or disguise what a customer wrote. */
  return g_unichar_type (c) == G_UNICODE_FORMAT ||
         (g_unichar_iscntrl (c) && c != '\n' && c != '\t');
}

static char *
clean (const char *text,
       gboolean    one_line,
       guint       max_chars)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  guint n = 0;

  if (text == NULL)
    return g_string_free (out, FALSE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (c == '\r')
        continue;
      if (one_line && (c == '\n' || c == '\t' || g_unichar_isspace (c)))
        {
          space = out->len > 0;
          continue;
        }
      if (is_hidden (c))
        continue;

      /* Cut before a space rather than after it: "word…", never "word …",
       * and never more than @max_chars before the ellipsis. */
      if (max_chars > 0 && (n >= max_chars || (space && n + 1 >= max_chars)))
        {
          g_string_append (out, "…");
          break;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n++;
    }

  return g_string_free (out, FALSE);
}

char *
bottega_text_one_line (const char *text,
                       guint       max_chars)
{
  return clean (text, TRUE, max_chars);
}

char *
bottega_text_sanitize (const char *text)
{
  g_autofree char *shown = clean (text, FALSE, BOTTEGA_TEXT_BUBBLE_MAX_CHARS);
  g_autofree char *note = NULL;
  const char *rest;
  long long more = 0;

  if (!g_str_has_suffix (shown, "…"))
    return g_steal_pointer (&shown);

  /* Cut: say how much is missing, counted as clean() would have kept it. */
  rest = text;
  for (guint n = 0; n < BOTTEGA_TEXT_BUBBLE_MAX_CHARS && *rest != '\0'; rest = g_utf8_next_char (rest))
    {
      gunichar c = g_utf8_get_char_validated (rest, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        return g_steal_pointer (&shown);
      if (c != '\r' && !is_hidden (c))
        n++;
    }
  for (; *rest != '\0'; rest = g_utf8_next_char (rest))
    {
      gunichar c = g_utf8_get_char_validated (rest, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (c != '\r' && !is_hidden (c))
        more++;
    }
  if (more == 0)
    return g_steal_pointer (&shown);

  /* Translators: under a very long message, which is cut */
  note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "(%lld more character not shown)",
                                       "(%lld more characters not shown)", (gulong) more),
                          more);
  return g_strdup_printf ("%s\n%s", shown, note);
}

char *
bottega_text_sanitize_whole (const char *text)
{
  return clean (text, FALSE, 0);
}

/* ---- links ---- */

/* A link starts where a word starts: a scheme Bottega opens, or an e-mail
 * address. Starting only at word boundaries keeps matching linear on long
 * runs of letters. A link ends at a space or at a character no address
 * holds; trailing punctuation is trimmed afterwards. */
static const char link_pattern[] =
  "(?<![A-Za-z0-9+.-])(?:https?://|mailto:|tel:)"
  "[^\\s<>\"\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+"
  "|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"
  "(?![A-Za-z0-9-])";

static GRegex *
get_link_regex (void)
{
  static GRegex *regex = NULL;

  if (g_once_init_enter (&regex))
    {
      g_autoptr(GError) error = NULL;
      GRegex *compiled = g_regex_new (link_pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, &error);

      /* The pattern is a constant: failing to compile it is a programming error. */
      if (compiled == NULL)
        g_error ("Cannot compile the link pattern: %s", error->message);

      g_once_init_leave (&regex, compiled);
    }

  return regex;
}

static gboolean
has_prefix_nocase (const char *text,
                   const char *prefix)
{
  return g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0;
}

gboolean
bottega_text_link_is_safe (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;
  const char *path;

  if (uri == NULL || *uri == '\0')
    return FALSE;

  /* Nothing that could end the attribute or hide part of the address. */
  for (const char *p = uri; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || *p == 0x7f || strchr ("<>\"\\", *p) != NULL)
      return FALSE;
  if (!g_utf8_validate (uri, -1, NULL))
    return FALSE;

  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
  if (parsed == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (parsed);
  path = g_uri_get_path (parsed);

  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    /* "https://bank.example@evil.example" shows one host and opens another. */
    return g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0' &&
           g_uri_get_userinfo (parsed) == NULL;

  if (g_ascii_strcasecmp (scheme, "mailto") == 0)
    return g_uri_get_host (parsed) == NULL && g_uri_get_query (parsed) == NULL &&
           path != NULL && path[0] != '@' && strchr (path, '@') != NULL && strchr (path, '/') == NULL;

  if (g_ascii_strcasecmp (scheme, "tel") == 0)
    {
      guint digits = 0;

      if (g_uri_get_host (parsed) != NULL || g_uri_get_query (parsed) != NULL || path == NULL)
        return FALSE;
      for (const char *p = path; *p != '\0'; p++)
        {
          if (g_ascii_isdigit (*p))
            digits++;
          else if (!(*p == '+' && p == path) && strchr ("-.()", *p) == NULL)
            return FALSE;
        }
      return digits > 0;
    }

  return FALSE;
}

/* Trailing punctuation belongs to the sentence, not to the address; a
 * closing bracket only when the address opened one. */
static gsize
trim_link (const char *link,
           gsize       len)
{
  while (len > 0)
    {
      char last = link[len - 1];
      char open = last == ')' ? '(' : last == ']' ? '[' : '\0';

      if (strchr (".,;:!?'*", last) != NULL)
        {
          len--;
          continue;
        }
      if (open != '\0')
        {
          int balance = 0;

          for (gsize i = 0; i < len; i++)
            balance += link[i] == open ? 1 : link[i] == last ? -1 : 0;
          if (balance < 0)
            {
              len--;
              continue;
            }
        }
      break;
    }

  return len;
}

static void
append_escaped (GString    *out,
                const char *text,
                gssize      len)
{
  g_autofree char *escaped = g_markup_escape_text (text, len);

  g_string_append (out, escaped);
}

char *
bottega_text_to_markup (const char *text)
{
  g_autofree char *clean_text = bottega_text_sanitize (text);
  g_autoptr(GMatchInfo) match = NULL;
  GString *out = g_string_new (NULL);
  gsize done = 0;

  g_regex_match (get_link_regex (), clean_text, 0, &match);
  while (g_match_info_matches (match))
    {
      int start = 0, end = 0;

      if (g_match_info_fetch_pos (match, 0, &start, &end) && start >= (int) done && end > start)
        {
          const char *link = clean_text + start;
          gsize len = trim_link (link, (gsize) (end - start));
          g_autofree char *shown = g_strndup (link, len);
          g_autofree char *uri = NULL;

          if (strchr (shown, ':') == NULL)
            uri = g_strconcat ("mailto:", shown, NULL);
          else if (has_prefix_nocase (shown, "http") || has_prefix_nocase (shown, "mailto:") ||
                   has_prefix_nocase (shown, "tel:"))
            uri = g_strdup (shown);

          /* "https://" alone, or an address GUri refuses, stays text. */
          if (uri != NULL && bottega_text_link_is_safe (uri) &&
              !g_str_has_suffix (shown, "://") && !g_str_has_suffix (shown, ":"))
            {
              append_escaped (out, clean_text + done, (gssize) (start - (int) done));
              g_string_append (out, "<a href=\"");
              append_escaped (out, uri, -1);
              g_string_append (out, "\">");
              append_escaped (out, shown, -1);
              g_string_append (out, "</a>");
              done = (gsize) start + len;
            }
        }

      if (!g_match_info_next (match, NULL))
        break;
    }

  append_escaped (out, clean_text + done, -1);
  return g_string_free (out, FALSE);
}

/* ---- previews ---- */

static const char *
attachment_kind (BottegaMessage *message)
{
  g_autoptr(BottegaAttachment) first = NULL;
  const char *type;

  if (bottega_message_get_n_attachments (message) == 0)
    return NULL;

  first = g_list_model_get_item (bottega_message_get_attachments (message), 0);
  type = bottega_attachment_get_file_type (first);
  if (g_strcmp0 (type, "image") == 0)
    return _("Photo");
  if (g_strcmp0 (type, "audio") == 0)
    return _("Voice message");
  if (g_strcmp0 (type, "video") == 0)
    return _("Video");
  if (g_strcmp0 (type, "location") == 0)
    return _("Location");
  if (g_strcmp0 (type, "contact") == 0)
    return _("Contact");
  return _("File");
}

char *
bottega_text_message_preview (BottegaMessage *message)
{
  g_autofree char *text = NULL;
  const char *kind;

  g_return_val_if_fail (BOTTEGA_IS_MESSAGE (message), NULL);

  text = bottega_text_one_line (bottega_message_get_content (message), 120);
  kind = attachment_kind (message);
  if (text[0] == '\0' && kind != NULL)
    {
      g_free (text);
      text = g_strdup (kind);
    }

  if (bottega_message_get_private (message))
    /* Translators: a private note in the conversation list */
    return g_strdup_printf (_("Note: %s"), text);
  if (bottega_message_get_message_type (message) == BOTTEGA_MESSAGE_OUTGOING)
    /* Translators: the shop's own last reply in the conversation list */
    return g_strdup_printf (_("You: %s"), text);
  return g_steal_pointer (&text);
}

AdwToast *
bottega_toast_new (const char *text)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  escaped = g_markup_escape_text (text, -1);
  return adw_toast_new (escaped);
}
