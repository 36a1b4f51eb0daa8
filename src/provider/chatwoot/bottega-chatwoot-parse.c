/* bottega-chatwoot-parse.c: Chatwoot JSON → core models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-provider"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bottega-chatwoot-parse.h"
#include "bottega-provider-error.h"

/* Everything that arrives here is untrusted. Error messages name the field
 * and the kind of object, never a value: values can be personal.
 *
 * The kinds of object are marked with N_() where they are passed and
 * translated where the message is written; field names are the API's own
 * and stay as they are. */

static gboolean malformed (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
malformed (GError     **error,
           const char  *format,
           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: %s says what was wrong, such as “conversation: “id” is not an id” */
  g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_MALFORMED,
               _("Chatwoot answered with data Bottega cannot use (%s)"), text);
  return FALSE;
}

/* ---- raw JSON ---- */

/* json-glib parses recursively, so a deeply nested document could exhaust
 * the stack: count brackets outside strings before handing it over. */
static gboolean
check_depth (const char *data,
             gsize       len,
             guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            return FALSE;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

/* json-glib decodes a lone "\\ud83d" escape (half an emoji, as cut-off
 * text sends it) into bytes that are not UTF-8, in values and member
 * names alike. Everything downstream (the store, GTK) needs valid text, so
 * the tree is mended once here; the depth is bounded by check_depth. */
static void
make_valid_tree (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (obj);

        for (GList *l = names; l != NULL; l = l->next)
          {
            const char *name = l->data;

            make_valid_tree (json_object_get_member (obj, name));
            if (!g_utf8_validate (name, -1, NULL))
              {
                g_autofree char *valid = g_utf8_make_valid (name, -1);
                JsonNode *value = json_node_ref (json_object_get_member (obj, name));

                /* Mended names may collide; the last one wins, as for any
                 * duplicate member. */
                json_object_remove_member (obj, name);
                json_object_set_member (obj, valid, value);
              }
          }
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          make_valid_tree (json_array_get_element (array, i));
      }
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          !g_utf8_validate (json_node_get_string (node), -1, NULL))
        {
          g_autofree char *valid = g_utf8_make_valid (json_node_get_string (node), -1);

          json_node_set_string (node, valid);
        }
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

/* json-glib's messages quote the text around the error ("invalid string
 * constant "<a customer's words, cut anywhere>"), which is personal and
 * not even valid UTF-8: only the position it names at the start,
 * "<data>:LINE:COLUMN: …", is kept. */
static void
syntax_error (GError       **error,
              const GError  *parse_error)
{
  const char *p = parse_error->message;
  guint64 line = 0, column = 0;
  char *end = NULL;

  if (g_str_has_prefix (p, "<data>:"))
    {
      line = g_ascii_strtoull (p + strlen ("<data>:"), &end, 10);
      if (end != NULL && *end == ':')
        column = g_ascii_strtoull (end + 1, &end, 10);
      if (end == NULL || *end != ':')
        line = column = 0;
    }

  if (line > 0 && column > 0)
    /* Translators: where in the server's answer the error is */
    malformed (error, _("the answer is not valid JSON (line %lld, column %lld)"),
               (long long) MIN (line, G_MAXINT64), (long long) MIN (column, G_MAXINT64));
  else
    malformed (error, _("the answer is not valid JSON"));
}

JsonNode *
bottega_chatwoot_parse_json_full (GBytes  *body,
                                  gsize    max_size,
                                  GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  const char *data;
  gsize len = 0;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (body, &len);

  if (len > max_size)
    {
      g_autofree char *size = g_format_size (len);

      /* Translators: %s is a size such as “40.2 MB” */
      g_set_error (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TOO_LARGE,
                   _("Chatwoot answered with more data than Bottega accepts (%s)"), size);
      return NULL;
    }

  if (len == 0 || data == NULL)
    {
      malformed (error, _("the answer is empty"));
      return NULL;
    }

  /* Also refuses NUL bytes. */
  if (!g_utf8_validate_len (data, len, NULL))
    {
      malformed (error, _("the answer is not valid UTF-8 text"));
      return NULL;
    }

  if (!check_depth (data, len, BOTTEGA_CHATWOOT_MAX_JSON_DEPTH))
    {
      malformed (error, g_dngettext (GETTEXT_PACKAGE, "the answer is nested more than %d level deep",
                                     "the answer is nested more than %d levels deep",
                                     BOTTEGA_CHATWOOT_MAX_JSON_DEPTH),
                 BOTTEGA_CHATWOOT_MAX_JSON_DEPTH);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      syntax_error (error, local_error);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      malformed (error, _("the answer is empty"));
      return NULL;
    }

  root = json_parser_steal_root (parser);
  make_valid_tree (root);
  json_node_seal (root);
  return root;
}

JsonNode *
bottega_chatwoot_parse_json (GBytes  *body,
                             GError **error)
{
  return bottega_chatwoot_parse_json_full (body, BOTTEGA_CHATWOOT_MAX_JSON_SIZE, error);
}

/* ---- typed member access ---- */

/* The member's node, or NULL when it is absent or null. */
static JsonNode *
member (JsonObject *obj,
        const char *name)
{
  JsonNode *node;

  if (obj == NULL)
    return NULL;

  node = json_object_get_member (obj, name);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

static JsonObject *
expect_object (JsonNode    *node,
               const char  *kind,
               GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      /* Translators: %s is the kind of item, such as “conversation” */
      malformed (error, _("%s: not an object"), _(kind));
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
string_to_int64 (const char *str,
                 gint64     *out)
{
  return g_ascii_string_to_signed (str, 10, G_MININT64, G_MAXINT64, out, NULL);
}

/* An integer, an integral float or a numeric string. */
static gboolean
node_to_int64 (JsonNode *node,
               gint64   *out)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || d < -9.2e18 || d > 9.2e18)
        return FALSE;
      *out = (gint64) d;
      return TRUE;
    }

  if (type == G_TYPE_STRING)
    return string_to_int64 (json_node_get_string (node), out);

  return FALSE;
}

/* A required id: a positive integer or a numeric string. */
static gboolean
read_id (JsonObject  *obj,
         const char  *name,
         const char  *kind,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = member (obj, name);
  gint64 value = 0;

  if (node == NULL)
    /* Translators: the first %s is the kind of item, such as “conversation”;
     * the second a field name, not to be translated */
    return malformed (error, _("%s: “%s” is missing"), _(kind), name);

  if (!node_to_int64 (node, &value) || value <= 0)
    /* Translators: the first %s is the kind of item, such as “conversation”;
     * the second a field name, not to be translated */
    return malformed (error, _("%s: “%s” is not an id"), _(kind), name);

  *out = value;
  return TRUE;
}

/* An optional integer: 0 when absent or null. */
static gboolean
read_int (JsonObject  *obj,
          const char  *name,
          const char  *kind,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = member (obj, name);
  gint64 value = 0;

  *out = 0;
  if (node == NULL)
    return TRUE;

  if (!node_to_int64 (node, &value))
    /* Translators: the first %s is the kind of item, such as “conversation”;
     * the second a field name, not to be translated */
    return malformed (error, _("%s: “%s” is not a number"), _(kind), name);

  *out = value;
  return TRUE;
}

static int
clamp_int (gint64 value)
{
  return (int) CLAMP (value, 0, G_MAXINT);
}

/* An optional string: NULL when absent or null; numbers are written out. */
static gboolean
read_string (JsonObject  *obj,
             const char  *name,
             const char  *kind,
             char       **out,
             GError     **error)
{
  JsonNode *node = member (obj, name);
  GType type;

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    /* Translators: the first %s is the kind of item, such as “conversation”;
     * the second a field name, not to be translated */
    return malformed (error, _("%s: “%s” is not text"), _(kind), name);

  type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    {
      const char *str = json_node_get_string (node);

      if (g_utf8_validate (str, -1, NULL))
        *out = g_strdup (str);
      else
        *out = g_utf8_make_valid (str, -1);
      return TRUE;
    }

  if (type == G_TYPE_INT64)
    {
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      *out = g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      return TRUE;
    }

  return malformed (error, _("%s: “%s” is not text"), _(kind), name);
}

/* An optional boolean; numbers count as C does. */
static gboolean
read_bool (JsonObject  *obj,
           const char  *name,
           const char  *kind,
           gboolean     default_value,
           gboolean    *out,
           GError     **error)
{
  JsonNode *node = member (obj, name);
  GType type;

  *out = default_value;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    /* Translators: the first %s is the kind of item, such as “conversation”;
     * the second a field name, not to be translated */
    return malformed (error, _("%s: “%s” is not true or false"), _(kind), name);

  type = json_node_get_value_type (node);

  if (type == G_TYPE_BOOLEAN)
    *out = json_node_get_boolean (node);
  else if (type == G_TYPE_INT64)
    *out = json_node_get_int (node) != 0;
  else
    return malformed (error, _("%s: “%s” is not true or false"), _(kind), name);

  return TRUE;
}

/* Epoch seconds from a numeric string or an ISO 8601 date. */
static gboolean
string_to_time (const char *str,
                double     *out)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;
  gint64 i;
  char *end = NULL;
  double d;

  if (*str == '\0')
    {
      *out = 0;
      return TRUE;
    }

  if (string_to_int64 (str, &i))
    {
      *out = (double) i;
      return TRUE;
    }

  d = g_ascii_strtod (str, &end);
  if (end != str && *end == '\0' && isfinite (d))
    {
      *out = d;
      return TRUE;
    }

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (str, utc);
  if (dt != NULL)
    {
      *out = (double) g_date_time_to_unix (dt) + g_date_time_get_microsecond (dt) / 1e6;
      return TRUE;
    }

  return FALSE;
}

/* An optional timestamp: integer, float, numeric string or ISO 8601; 0
 * when absent or null. */
static gboolean
read_time_double (JsonObject  *obj,
                  const char  *name,
                  const char  *kind,
                  double      *out,
                  GError     **error)
{
  JsonNode *node = member (obj, name);
  GType type;

  *out = 0;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    /* Translators: the first %s is the kind of item, such as “conversation”;
     * the second a field name, not to be translated */
    return malformed (error, _("%s: “%s” is not a time"), _(kind), name);

  type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)))
    *out = json_node_get_double (node);
  else if (type == G_TYPE_STRING && string_to_time (json_node_get_string (node), out))
    ;
  else
    return malformed (error, _("%s: “%s” is not a time"), _(kind), name);

  return TRUE;
}

static gboolean
read_time (JsonObject  *obj,
           const char  *name,
           const char  *kind,
           gint64      *out,
           GError     **error)
{
  double d = 0;

  *out = 0;
  if (!read_time_double (obj, name, kind, &d, error))
    return FALSE;

  if (d < -9.2e18 || d > 9.2e18)
    return malformed (error, _("%s: “%s” is not a time"), _(kind), name);

  *out = (gint64) d;
  return TRUE;
}

/* An optional object member: NULL when absent or null. */
static gboolean
read_object (JsonObject  *obj,
             const char  *name,
             const char  *kind,
             JsonObject **out,
             GError     **error)
{
  JsonNode *node = member (obj, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    /* Translators: the first %s is the kind of item, such as “conversation”;
     * the second a field name, not to be translated */
    return malformed (error, _("%s: “%s” is not an object"), _(kind), name);

  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
read_array (JsonObject  *obj,
            const char  *name,
            const char  *kind,
            JsonArray  **out,
            GError     **error)
{
  JsonNode *node = member (obj, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    /* Translators: the first %s is the kind of item, such as “conversation”;
     * the second a field name, not to be translated */
    return malformed (error, _("%s: “%s” is not a list"), _(kind), name);

  *out = json_node_get_array (node);
  return TRUE;
}

/* An optional object kept as JSON text, "{}" when absent or null. */
static gboolean
read_object_text (JsonObject  *obj,
                  const char  *name,
                  const char  *kind,
                  char       **out,
                  GError     **error)
{
  JsonNode *node = member (obj, name);

  *out = NULL;
  if (node == NULL)
    {
      *out = g_strdup ("{}");
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return malformed (error, _("%s: “%s” is not an object"), _(kind), name);

  *out = json_to_string (node, FALSE);
  return TRUE;
}

/* ---- profile ---- */

static void
account_ref_free (gpointer data)
{
  BottegaChatwootAccountRef *ref = data;

  g_free (ref->name);
  g_free (ref->status);
  g_free (ref->role);
  g_free (ref);
}

void
bottega_chatwoot_profile_free (BottegaChatwootProfile *profile)
{
  if (profile == NULL)
    return;

  g_free (profile->name);
  g_free (profile->email);
  g_free (profile->pubsub_token);
  g_clear_pointer (&profile->accounts, g_ptr_array_unref);
  g_free (profile);
}

BottegaChatwootProfile *
bottega_chatwoot_parse_profile (JsonNode  *root,
                                GError   **error)
{
  g_autoptr(BottegaChatwootProfile) profile = NULL;
  JsonObject *obj;
  JsonArray *accounts = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Translators: a kind of item in a server answer:
   * the signed-in user’s profile, as the server describes it */
  if (!(obj = expect_object (root, N_("profile"), error)))
    return NULL;

  profile = g_new0 (BottegaChatwootProfile, 1);
  profile->accounts = g_ptr_array_new_with_free_func (account_ref_free);

  if (!read_id (obj, "id", N_("profile"), &profile->user_id, error) ||
      !read_string (obj, "name", N_("profile"), &profile->name, error) ||
      !read_string (obj, "email", N_("profile"), &profile->email, error) ||
      !read_string (obj, "pubsub_token", N_("profile"), &profile->pubsub_token, error) ||
      !read_int (obj, "account_id", N_("profile"), &profile->active_account_id, error) ||
      !read_array (obj, "accounts", N_("profile"), &accounts, error))
    return NULL;

  for (guint i = 0; accounts != NULL && i < json_array_get_length (accounts); i++)
    {
      BottegaChatwootAccountRef *ref;
      JsonObject *aobj;

      /* Translators: a kind of item in a server answer:
       * one of the Chatwoot accounts listed in the user’s profile */
      if (!(aobj = expect_object (json_array_get_element (accounts, i), N_("profile account"), error)))
        return NULL;

      ref = g_new0 (BottegaChatwootAccountRef, 1);
      g_ptr_array_add (profile->accounts, ref);

      if (!read_id (aobj, "id", N_("profile account"), &ref->id, error) ||
          !read_string (aobj, "name", N_("profile account"), &ref->name, error) ||
          !read_string (aobj, "status", N_("profile account"), &ref->status, error) ||
          !read_string (aobj, "role", N_("profile account"), &ref->role, error))
        return NULL;
    }

  return g_steal_pointer (&profile);
}

/* ---- small models ---- */

BottegaInbox *
bottega_chatwoot_parse_inbox (JsonNode  *node,
                              gint64     account_id,
                              GError   **error)
{
  g_autoptr(BottegaInbox) inbox = NULL;
  g_autofree char *name = NULL;
  g_autofree char *channel_type = NULL;
  g_autofree char *phone_number = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *templates = NULL;
  JsonNode *templates_node;
  JsonObject *obj;
  gint64 id = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Translators: a kind of item in a server answer:
   * a channel of the shop, such as a WhatsApp number */
  if (!(obj = expect_object (node, N_("inbox"), error)))
    return NULL;

  if (!read_id (obj, "id", N_("inbox"), &id, error) ||
      !read_string (obj, "name", N_("inbox"), &name, error) ||
      !read_string (obj, "channel_type", N_("inbox"), &channel_type, error) ||
      !read_string (obj, "phone_number", N_("inbox"), &phone_number, error) ||
      !read_string (obj, "provider", N_("inbox"), &provider, error))
    return NULL;

  /* The column defaults to an empty object until templates are synced. */
  templates_node = member (obj, "message_templates");
  if (templates_node == NULL || JSON_NODE_HOLDS_OBJECT (templates_node))
    templates = g_strdup ("[]");
  else if (JSON_NODE_HOLDS_ARRAY (templates_node))
    templates = json_to_string (templates_node, FALSE);
  else
    {
      malformed (error, _("%s: “%s” is not a list"), _("inbox"), "message_templates");
      return NULL;
    }

  inbox = bottega_inbox_new ();
  bottega_inbox_set_account_id (inbox, account_id);
  bottega_inbox_set_remote_id (inbox, id);
  bottega_inbox_set_name (inbox, name);
  bottega_inbox_set_channel_type (inbox, channel_type);
  bottega_inbox_set_phone_number (inbox, phone_number);
  bottega_inbox_set_provider (inbox, provider);
  bottega_inbox_set_templates (inbox, templates);

  return g_steal_pointer (&inbox);
}

BottegaLabel *
bottega_chatwoot_parse_label (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(BottegaLabel) label = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *color = NULL;
  JsonObject *obj;
  gint64 id = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(obj = expect_object (node, N_("label"), error)))
    return NULL;

  if (!read_id (obj, "id", N_("label"), &id, error) ||
      !read_string (obj, "title", N_("label"), &title, error) ||
      !read_string (obj, "description", N_("label"), &description, error) ||
      !read_string (obj, "color", N_("label"), &color, error))
    return NULL;

  label = bottega_label_new ();
  bottega_label_set_remote_id (label, id);
  bottega_label_set_title (label, title);
  bottega_label_set_description (label, description);
  bottega_label_set_color (label, color);

  return g_steal_pointer (&label);
}

BottegaAgent *
bottega_chatwoot_parse_agent (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(BottegaAgent) agent = NULL;
  g_autofree char *name = NULL;
  g_autofree char *available_name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *role = NULL;
  g_autofree char *thumbnail = NULL;
  JsonObject *obj;
  gint64 id = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(obj = expect_object (node, N_("agent"), error)))
    return NULL;

  if (!read_id (obj, "id", N_("agent"), &id, error) ||
      !read_string (obj, "name", N_("agent"), &name, error) ||
      !read_string (obj, "available_name", N_("agent"), &available_name, error) ||
      !read_string (obj, "email", N_("agent"), &email, error) ||
      !read_string (obj, "role", N_("agent"), &role, error) ||
      !read_string (obj, "thumbnail", N_("agent"), &thumbnail, error))
    return NULL;

  agent = bottega_agent_new ();
  bottega_agent_set_remote_id (agent, id);
  bottega_agent_set_name (agent, name);
  bottega_agent_set_available_name (agent, available_name);
  bottega_agent_set_email (agent, email);
  bottega_agent_set_role (agent, role);
  bottega_agent_set_thumbnail (agent, thumbnail);

  return g_steal_pointer (&agent);
}

BottegaCannedResponse *
bottega_chatwoot_parse_canned_response (JsonNode  *node,
                                        GError   **error)
{
  g_autoptr(BottegaCannedResponse) response = NULL;
  g_autofree char *short_code = NULL;
  g_autofree char *content = NULL;
  JsonObject *obj;
  gint64 id = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Translators: a kind of item in a server answer: a saved reply */
  if (!(obj = expect_object (node, N_("canned response"), error)))
    return NULL;

  if (!read_id (obj, "id", N_("canned response"), &id, error) ||
      !read_string (obj, "short_code", N_("canned response"), &short_code, error) ||
      !read_string (obj, "content", N_("canned response"), &content, error))
    return NULL;

  response = bottega_canned_response_new ();
  bottega_canned_response_set_remote_id (response, id);
  bottega_canned_response_set_short_code (response, short_code);
  bottega_canned_response_set_content (response, content ? content : "");

  return g_steal_pointer (&response);
}

BottegaCustomer *
bottega_chatwoot_parse_contact (JsonNode  *node,
                                gint64     account_id,
                                GError   **error)
{
  g_autoptr(BottegaCustomer) customer = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone_number = NULL;
  g_autofree char *identifier = NULL;
  g_autofree char *thumbnail = NULL;
  g_autofree char *additional = NULL;
  g_autofree char *custom = NULL;
  gboolean blocked = FALSE;
  JsonObject *obj;
  gint64 id = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(obj = expect_object (node, N_("contact"), error)))
    return NULL;

  if (!read_id (obj, "id", N_("contact"), &id, error) ||
      !read_string (obj, "name", N_("contact"), &name, error) ||
      !read_string (obj, "email", N_("contact"), &email, error) ||
      !read_string (obj, "phone_number", N_("contact"), &phone_number, error) ||
      !read_string (obj, "identifier", N_("contact"), &identifier, error) ||
      !read_string (obj, "thumbnail", N_("contact"), &thumbnail, error) ||
      !read_object_text (obj, "additional_attributes", N_("contact"), &additional, error) ||
      !read_object_text (obj, "custom_attributes", N_("contact"), &custom, error) ||
      !read_bool (obj, "blocked", N_("contact"), FALSE, &blocked, error))
    return NULL;

  customer = bottega_customer_new ();
  bottega_customer_set_account_id (customer, account_id);
  bottega_customer_set_remote_id (customer, id);
  bottega_customer_set_name (customer, name);
  bottega_customer_set_email (customer, email);
  bottega_customer_set_phone_number (customer, phone_number);
  bottega_customer_set_identifier (customer, identifier);
  bottega_customer_set_thumbnail (customer, thumbnail);
  bottega_customer_set_additional_attributes (customer, additional);
  bottega_customer_set_custom_attributes (customer, custom);
  bottega_customer_set_blocked (customer, blocked);

  return g_steal_pointer (&customer);
}

/* ---- attachments ---- */

/* The last path segment of @data_url, unescaped, for display only: no
 * separators, no NUL, no control characters, valid UTF-8. */
static char *
file_name_from_url (const char *data_url)
{
  g_autoptr(GBytes) raw = NULL;
  g_autofree char *path = NULL;
  g_autofree char *valid = NULL;
  const char *segment;
  const char *data;
  GString *name;
  gsize len = 0;
  gsize end;

  if (data_url == NULL || *data_url == '\0')
    return NULL;

  end = strcspn (data_url, "?#");
  path = g_strndup (data_url, end);
  segment = strrchr (path, '/');
  segment = segment ? segment + 1 : path;

  raw = g_uri_unescape_bytes (segment, -1, NULL, NULL);
  if (raw == NULL)
    return NULL;

  data = g_bytes_get_data (raw, &len);
  name = g_string_sized_new (len);
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) data[i];

      if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f)
        continue;
      g_string_append_c (name, (char) c);
    }

  valid = g_utf8_make_valid (name->str, (gssize) name->len);
  g_string_free (name, TRUE);

  /* No bidi overrides or invisible characters either: "invoice" U+202E
   * "fdp.exe" must not show as "invoiceexe.pdf" wherever it is printed. */
  name = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_FORMAT && !g_unichar_iscntrl (c))
        g_string_append_unichar (name, c);
    }
  g_free (valid);
  valid = g_string_free (name, FALSE);

  if (*valid == '\0' || g_str_equal (valid, ".") || g_str_equal (valid, ".."))
    return NULL;

  return g_steal_pointer (&valid);
}

static char *
guess_content_type (const char *extension,
                    const char *file_name)
{
  g_autofree char *probe = NULL;
  g_autofree char *type = NULL;
  char *mime;

  if (extension != NULL && *extension != '\0')
    probe = g_strconcat ("file.", extension, NULL);
  else if (file_name != NULL && strchr (file_name, '.') != NULL)
    probe = g_strdup (file_name);
  else
    return g_strdup ("application/octet-stream");

  type = g_content_type_guess (probe, NULL, 0, NULL);
  mime = type ? g_content_type_get_mime_type (type) : NULL;

  return mime ? mime : g_strdup ("application/octet-stream");
}

BottegaAttachment *
bottega_chatwoot_parse_attachment (JsonNode  *node,
                                   GError   **error)
{
  g_autoptr(BottegaAttachment) attachment = NULL;
  g_autofree char *file_type = NULL;
  g_autofree char *extension = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *data_url = NULL;
  g_autofree char *thumb_url = NULL;
  g_autofree char *file_name = NULL;
  gint64 id = 0, file_size = 0, width = 0, height = 0;
  JsonObject *obj;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(obj = expect_object (node, N_("attachment"), error)))
    return NULL;

  if (!read_id (obj, "id", N_("attachment"), &id, error) ||
      !read_string (obj, "file_type", N_("attachment"), &file_type, error) ||
      !read_string (obj, "extension", N_("attachment"), &extension, error) ||
      !read_string (obj, "content_type", N_("attachment"), &content_type, error) ||
      !read_string (obj, "data_url", N_("attachment"), &data_url, error) ||
      !read_string (obj, "thumb_url", N_("attachment"), &thumb_url, error) ||
      !read_int (obj, "file_size", N_("attachment"), &file_size, error) ||
      !read_int (obj, "width", N_("attachment"), &width, error) ||
      !read_int (obj, "height", N_("attachment"), &height, error))
    return NULL;

  /* thumb_url is "" for anything but images. */
  if (thumb_url != NULL && *thumb_url == '\0')
    g_clear_pointer (&thumb_url, g_free);
  if (data_url != NULL && *data_url == '\0')
    g_clear_pointer (&data_url, g_free);

  file_name = file_name_from_url (data_url);

  if (content_type == NULL || *content_type == '\0')
    {
      g_free (content_type);
      content_type = guess_content_type (extension, file_name);
    }

  attachment = bottega_attachment_new ();
  bottega_attachment_set_remote_id (attachment, id);
  bottega_attachment_set_file_type (attachment, file_type ? file_type : "file");
  bottega_attachment_set_extension (attachment, extension);
  bottega_attachment_set_content_type (attachment, content_type);
  bottega_attachment_set_data_url (attachment, data_url);
  bottega_attachment_set_thumb_url (attachment, thumb_url);
  bottega_attachment_set_file_size (attachment, MAX (file_size, 0));
  bottega_attachment_set_width (attachment, clamp_int (width));
  bottega_attachment_set_height (attachment, clamp_int (height));
  bottega_attachment_set_file_name (attachment, file_name);

  return g_steal_pointer (&attachment);
}

/* ---- messages ---- */

/* push_event_data has "Contact" / "User" / "AgentBot" at the top level;
 * the REST sender object uses "contact" / "user" / "agent_bot". */
static char *
normalize_sender_type (const char *type)
{
  if (type == NULL)
    return NULL;
  if (g_str_equal (type, "Contact"))
    return g_strdup ("contact");
  if (g_str_equal (type, "User"))
    return g_strdup ("user");
  if (g_str_equal (type, "AgentBot"))
    return g_strdup ("agent_bot");
  if (g_str_equal (type, "Captain::Assistant"))
    return g_strdup ("captain_assistant");
  return g_ascii_strdown (type, -1);
}

/* content_attributes is loosely typed on the server, so only what Bottega
 * uses is pulled out, and oddities there do not reject the message. */
static void
read_content_attributes (JsonObject  *obj,
                         char       **text,
                         gint64      *in_reply_to,
                         char       **external_error)
{
  JsonNode *node = member (obj, "content_attributes");
  g_autoptr(JsonNode) parsed = NULL;
  JsonObject *attrs;
  JsonNode *value;

  *text = NULL;
  *in_reply_to = 0;
  *external_error = NULL;

  /* Some older payloads carry the attributes as a JSON string. */
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *str = json_node_get_string (node);

      g_autoptr(GBytes) bytes = g_bytes_new_static (str, strlen (str));

      /* Bounded and mended like the answer it came in. */
      parsed = bottega_chatwoot_parse_json_full (bytes, BOTTEGA_CHATWOOT_MAX_JSON_SIZE, NULL);
      node = parsed;
    }

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      *text = g_strdup ("{}");
      return;
    }

  *text = json_to_string (node, FALSE);
  attrs = json_node_get_object (node);

  value = member (attrs, "in_reply_to");
  if (value != NULL && !node_to_int64 (value, in_reply_to))
    *in_reply_to = 0;
  if (*in_reply_to < 0)
    *in_reply_to = 0;

  value = member (attrs, "external_error");
  if (value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
      json_node_get_value_type (value) == G_TYPE_STRING)
    *external_error = g_utf8_make_valid (json_node_get_string (value), -1);
}

BottegaMessage *
bottega_chatwoot_parse_message (JsonNode  *node,
                                gint64     account_id,
                                GError   **error)
{
  g_autoptr(BottegaMessage) message = NULL;
  g_autofree char *content = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *status_str = NULL;
  g_autofree char *source_id = NULL;
  g_autofree char *echo_id = NULL;
  g_autofree char *sender_type = NULL;
  g_autofree char *sender_name = NULL;
  g_autofree char *attributes = NULL;
  g_autofree char *external_error = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  BottegaMessageStatus status = BOTTEGA_MESSAGE_STATUS_SENT;
  gint64 id = 0, conversation_id = 0, message_type = 0, created_at = 0;
  gint64 sender_id = 0, in_reply_to = 0;
  gboolean is_private = FALSE;
  JsonObject *sender = NULL;
  JsonArray *attachments_array = NULL;
  JsonNode *type_node;
  JsonObject *obj;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(obj = expect_object (node, N_("message"), error)))
    return NULL;

  if (!read_id (obj, "id", N_("message"), &id, error) ||
      !read_string (obj, "content", N_("message"), &content, error) ||
      !read_int (obj, "conversation_id", N_("message"), &conversation_id, error) ||
      !read_string (obj, "content_type", N_("message"), &content_type, error) ||
      !read_string (obj, "status", N_("message"), &status_str, error) ||
      !read_bool (obj, "private", N_("message"), FALSE, &is_private, error) ||
      !read_string (obj, "source_id", N_("message"), &source_id, error) ||
      !read_time (obj, "created_at", N_("message"), &created_at, error) ||
      !read_string (obj, "echo_id", N_("message"), &echo_id, error) ||
      !read_object (obj, "sender", N_("message"), &sender, error) ||
      !read_array (obj, "attachments", N_("message"), &attachments_array, error))
    return NULL;

  type_node = member (obj, "message_type");
  if (type_node == NULL || !node_to_int64 (type_node, &message_type) ||
      message_type < BOTTEGA_MESSAGE_INCOMING || message_type > BOTTEGA_MESSAGE_TEMPLATE)
    {
      malformed (error, _("a message of an unknown type"));
      return NULL;
    }

  if (status_str != NULL &&
      (!bottega_message_status_from_string (status_str, &status) ||
       status == BOTTEGA_MESSAGE_STATUS_QUEUED ||
       status == BOTTEGA_MESSAGE_STATUS_SENDING))
    {
      /* A state Bottega does not know yet: the message did reach the
       * server, which is all "sent" promises. */
      g_debug ("Unknown message status from the server, taken as sent");
      status = BOTTEGA_MESSAGE_STATUS_SENT;
    }

  if (sender != NULL)
    {
      g_autofree char *type = NULL;

      /* Translators: a kind of item in a server answer: who wrote a message */
      if (!read_string (sender, "type", N_("message sender"), &type, error) ||
          !read_int (sender, "id", N_("message sender"), &sender_id, error) ||
          !read_string (sender, "name", N_("message sender"), &sender_name, error))
        return NULL;

      sender_type = normalize_sender_type (type);
      if (sender_name == NULL &&
          !read_string (sender, "available_name", N_("message sender"), &sender_name, error))
        return NULL;
    }

  if (sender_type == NULL)
    {
      g_autofree char *type = NULL;

      if (!read_string (obj, "sender_type", N_("message"), &type, error))
        return NULL;
      sender_type = normalize_sender_type (type);
    }

  if (sender_id == 0 && !read_int (obj, "sender_id", N_("message"), &sender_id, error))
    return NULL;

  read_content_attributes (obj, &attributes, &in_reply_to, &external_error);

  attachments = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; attachments_array != NULL && i < json_array_get_length (attachments_array); i++)
    {
      BottegaAttachment *attachment;

      attachment = bottega_chatwoot_parse_attachment (json_array_get_element (attachments_array, i), error);
      if (attachment == NULL)
        return NULL;
      g_ptr_array_add (attachments, attachment);
    }

  message = bottega_message_new ();
  bottega_message_set_account_id (message, account_id);
  bottega_message_set_remote_id (message, id);
  bottega_message_set_conversation_remote_id (message, conversation_id);
  bottega_message_set_content (message, content ? content : "");
  bottega_message_set_message_type (message, (BottegaMessageType) message_type);
  bottega_message_set_content_type (message, content_type ? content_type : "text");
  bottega_message_set_status (message, status);
  bottega_message_set_private (message, is_private);
  bottega_message_set_created_at (message, created_at);
  bottega_message_set_sender_type (message, sender_type);
  bottega_message_set_sender_id (message, sender_id);
  bottega_message_set_sender_name (message, sender_name);
  bottega_message_set_echo_id (message, echo_id);
  bottega_message_set_source_id (message, source_id);
  bottega_message_set_external_error (message, external_error);
  bottega_message_set_in_reply_to (message, in_reply_to);
  bottega_message_set_content_attributes (message, attributes);

  for (guint i = 0; i < attachments->len; i++)
    bottega_message_add_attachment (message, g_ptr_array_index (attachments, i));

  return g_steal_pointer (&message);
}

/* ---- conversations ---- */

BottegaConversation *
bottega_chatwoot_parse_conversation (JsonNode  *node,
                                     gint64     account_id,
                                     GError   **error)
{
  g_autoptr(BottegaConversation) conversation = NULL;
  g_autoptr(BottegaCustomer) customer = NULL;
  g_autoptr(BottegaMessage) last_message = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *status_str = NULL;
  g_autofree char *priority = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *assignee_name = NULL;
  BottegaConversationStatus status = BOTTEGA_CONVERSATION_OPEN;
  gint64 id = 0, inbox_id = 0, snoozed_until = 0, unread_count = 0;
  gint64 assignee_id = 0, last_activity_at = 0, waiting_since = 0;
  gint64 agent_last_seen_at = 0, created_at = 0;
  double updated_at = 0;
  gboolean can_reply = TRUE;
  JsonObject *meta = NULL;
  JsonObject *assignee = NULL;
  JsonArray *labels_array = NULL;
  JsonArray *messages = NULL;
  JsonNode *sender;
  JsonNode *last;
  JsonObject *obj;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(obj = expect_object (node, N_("conversation"), error)))
    return NULL;

  if (!read_id (obj, "id", N_("conversation"), &id, error) ||
      !read_string (obj, "uuid", N_("conversation"), &uuid, error) ||
      !read_int (obj, "inbox_id", N_("conversation"), &inbox_id, error) ||
      !read_string (obj, "status", N_("conversation"), &status_str, error) ||
      !read_string (obj, "priority", N_("conversation"), &priority, error) ||
      !read_time (obj, "snoozed_until", N_("conversation"), &snoozed_until, error) ||
      !read_bool (obj, "can_reply", N_("conversation"), TRUE, &can_reply, error) ||
      !read_int (obj, "unread_count", N_("conversation"), &unread_count, error) ||
      !read_array (obj, "labels", N_("conversation"), &labels_array, error) ||
      !read_object (obj, "meta", N_("conversation"), &meta, error) ||
      !read_time (obj, "last_activity_at", N_("conversation"), &last_activity_at, error) ||
      !read_time (obj, "waiting_since", N_("conversation"), &waiting_since, error) ||
      !read_time (obj, "agent_last_seen_at", N_("conversation"), &agent_last_seen_at, error) ||
      !read_time (obj, "created_at", N_("conversation"), &created_at, error) ||
      !read_time_double (obj, "updated_at", N_("conversation"), &updated_at, error) ||
      !read_array (obj, "messages", N_("conversation"), &messages, error))
    return NULL;

  if (status_str != NULL && !bottega_conversation_status_from_string (status_str, &status))
    {
      malformed (error, _("a conversation with an unknown status"));
      return NULL;
    }

  /* `timestamp` is last_activity_at under its older name. */
  if (last_activity_at == 0 &&
      !read_time (obj, "timestamp", N_("conversation"), &last_activity_at, error))
    return NULL;

  labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; labels_array != NULL && i < json_array_get_length (labels_array); i++)
    {
      JsonNode *label = json_array_get_element (labels_array, i);

      if (!JSON_NODE_HOLDS_VALUE (label) || json_node_get_value_type (label) != G_TYPE_STRING)
        {
          malformed (error, _("a conversation label is not text"));
          return NULL;
        }
      g_ptr_array_add (labels, g_utf8_make_valid (json_node_get_string (label), -1));
    }
  g_ptr_array_add (labels, NULL);

  /* Translators: a kind of item in a server answer:
   * the extra details of a conversation (channel, assignee) */
  if (!read_string (meta, "channel", N_("conversation meta"), &channel, error) ||
      !read_object (meta, "assignee", N_("conversation meta"), &assignee, error))
    return NULL;

  /* push_data carries the channel at the top level. */
  if (channel == NULL && !read_string (obj, "channel", N_("conversation"), &channel, error))
    return NULL;

  if (assignee != NULL)
    {
      /* Translators: a kind of item in a server answer: the agent a conversation is assigned to */
      if (!read_id (assignee, "id", N_("assignee"), &assignee_id, error) ||
          !read_string (assignee, "name", N_("assignee"), &assignee_name, error))
        return NULL;
      if (assignee_name == NULL &&
          !read_string (assignee, "available_name", N_("assignee"), &assignee_name, error))
        return NULL;
    }

  sender = member (meta, "sender");
  if (sender != NULL && !(customer = bottega_chatwoot_parse_contact (sender, account_id, error)))
    return NULL;

  last = NULL;
  if (messages != NULL && json_array_get_length (messages) > 0)
    last = json_array_get_element (messages, 0);
  else
    last = member (obj, "last_non_activity_message");

  if (last != NULL && !(last_message = bottega_chatwoot_parse_message (last, account_id, error)))
    return NULL;

  conversation = bottega_conversation_new ();
  bottega_conversation_set_account_id (conversation, account_id);
  bottega_conversation_set_remote_id (conversation, id);
  bottega_conversation_set_uuid (conversation, uuid);
  bottega_conversation_set_inbox_id (conversation, inbox_id);
  bottega_conversation_set_channel (conversation, channel);
  bottega_conversation_set_status (conversation, status);
  bottega_conversation_set_priority (conversation, priority);
  bottega_conversation_set_snoozed_until (conversation, snoozed_until);
  bottega_conversation_set_can_reply (conversation, can_reply);
  bottega_conversation_set_unread_count (conversation, clamp_int (unread_count));
  bottega_conversation_set_labels (conversation, (const char * const *) labels->pdata);
  bottega_conversation_set_assignee_id (conversation, assignee_id);
  bottega_conversation_set_assignee_name (conversation, assignee_name);
  bottega_conversation_set_last_activity_at (conversation, last_activity_at);
  bottega_conversation_set_waiting_since (conversation, waiting_since);
  bottega_conversation_set_agent_last_seen_at (conversation, agent_last_seen_at);
  bottega_conversation_set_created_at (conversation, created_at);
  bottega_conversation_set_updated_at (conversation, updated_at);
  if (customer != NULL)
    bottega_conversation_set_customer (conversation, customer);
  if (last_message != NULL)
    bottega_conversation_set_last_message (conversation, last_message);

  return g_steal_pointer (&conversation);
}

/* ---- envelopes ---- */

typedef gpointer (*ParseFunc) (JsonNode *node, gint64 account_id, GError **error);

static gpointer
parse_inbox_func (JsonNode *node, gint64 account_id, GError **error)
{
  return bottega_chatwoot_parse_inbox (node, account_id, error);
}

static gpointer
parse_label_func (JsonNode *node, gint64 account_id, GError **error)
{
  return bottega_chatwoot_parse_label (node, error);
}

static gpointer
parse_agent_func (JsonNode *node, gint64 account_id, GError **error)
{
  return bottega_chatwoot_parse_agent (node, error);
}

static gpointer
parse_canned_response_func (JsonNode *node, gint64 account_id, GError **error)
{
  return bottega_chatwoot_parse_canned_response (node, error);
}

static gpointer
parse_message_func (JsonNode *node, gint64 account_id, GError **error)
{
  return bottega_chatwoot_parse_message (node, account_id, error);
}

static gpointer
parse_conversation_func (JsonNode *node, gint64 account_id, GError **error)
{
  return bottega_chatwoot_parse_conversation (node, account_id, error);
}

/* All or nothing: one bad element rejects the page. */
static GPtrArray *
parse_array (JsonArray   *array,
             ParseFunc    func,
             gint64       account_id,
             GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;
  guint n = json_array_get_length (array);

  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      gpointer item = func (json_array_get_element (array, i), account_id, error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

static GPtrArray *
parse_bare_array (JsonNode    *root,
                  const char  *kind,
                  ParseFunc    func,
                  gint64       account_id,
                  GError     **error)
{
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      /* Translators: %s names the items, such as “conversations” */
      malformed (error, _("the list of %s is not a list"), _(kind));
      return NULL;
    }

  return parse_array (json_node_get_array (root), func, account_id, error);
}

/* {"payload":[…]} */
static GPtrArray *
parse_payload (JsonNode    *root,
               const char  *kind,
               ParseFunc    func,
               gint64       account_id,
               GError     **error)
{
  JsonNode *payload;
  JsonObject *obj;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      /* Translators: %s names the items, such as “conversations” */
      malformed (error, _("the list of %s is not an object"), _(kind));
      return NULL;
    }

  obj = json_node_get_object (root);
  payload = member (obj, "payload");
  if (payload == NULL || !JSON_NODE_HOLDS_ARRAY (payload))
    {
      /* Translators: %s names the items, such as “conversations”; “payload” is the name of a field */
      malformed (error, _("the list of %s has no “payload”"), _(kind));
      return NULL;
    }

  return parse_array (json_node_get_array (payload), func, account_id, error);
}

GPtrArray *
bottega_chatwoot_parse_inboxes (JsonNode  *root,
                                gint64     account_id,
                                GError   **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return parse_payload (root, N_("inboxes"), parse_inbox_func, account_id, error);
}

GPtrArray *
bottega_chatwoot_parse_labels (JsonNode  *root,
                               GError   **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return parse_payload (root, N_("labels"), parse_label_func, 0, error);
}

GPtrArray *
bottega_chatwoot_parse_agents (JsonNode  *root,
                               GError   **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return parse_bare_array (root, N_("agents"), parse_agent_func, 0, error);
}

GPtrArray *
bottega_chatwoot_parse_canned_responses (JsonNode  *root,
                                         GError   **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return parse_bare_array (root, N_("canned responses"), parse_canned_response_func, 0, error);
}

GPtrArray *
bottega_chatwoot_parse_messages (JsonNode  *root,
                                 gint64     account_id,
                                 GError   **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return parse_payload (root, N_("messages"), parse_message_func, account_id, error);
}

void
bottega_chatwoot_conversation_page_free (BottegaChatwootConversationPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->conversations, g_ptr_array_unref);
  g_free (page);
}

static gboolean
read_count (JsonObject  *meta,
            const char  *name,
            guint       *out,
            GError     **error)
{
  gint64 value = 0;

  /* Translators: a kind of item in a server answer:
   * the counts that come with a page of conversations */
  if (!read_int (meta, name, N_("conversation list meta"), &value, error))
    return FALSE;

  *out = (guint) CLAMP (value, 0, G_MAXUINT);
  return TRUE;
}

BottegaChatwootConversationPage *
bottega_chatwoot_parse_conversation_page (JsonNode  *root,
                                          gint64     account_id,
                                          GError   **error)
{
  g_autoptr(BottegaChatwootConversationPage) page = NULL;
  JsonObject *data = NULL;
  JsonObject *meta = NULL;
  JsonObject *obj;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Translators: a kind of item in a server answer: a page of conversations from the server */
  if (!(obj = expect_object (root, N_("conversation list"), error)))
    return NULL;

  if (!read_object (obj, "data", N_("conversation list"), &data, error))
    return NULL;
  if (data == NULL)
    {
      malformed (error, _("the conversation list has no data"));
      return NULL;
    }

  page = g_new0 (BottegaChatwootConversationPage, 1);

  if (!read_object (data, "meta", N_("conversation list"), &meta, error) ||
      !read_count (meta, "mine_count", &page->mine_count, error) ||
      !read_count (meta, "assigned_count", &page->assigned_count, error) ||
      !read_count (meta, "unassigned_count", &page->unassigned_count, error) ||
      !read_count (meta, "all_count", &page->all_count, error))
    return NULL;

  page->conversations = parse_payload (json_object_get_member (obj, "data"), N_("conversations"),
                                       parse_conversation_func, account_id, error);
  if (page->conversations == NULL)
    return NULL;

  return g_steal_pointer (&page);
}

char *
bottega_chatwoot_parse_toggle_status (JsonNode  *root,
                                      GError   **error)
{
  g_autofree char *status = NULL;
  BottegaConversationStatus parsed;
  JsonObject *payload = NULL;
  JsonObject *obj;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Translators: a kind of item in a server answer:
   * the server’s answer to changing a conversation’s status */
  if (!(obj = expect_object (root, N_("status change"), error)))
    return NULL;

  if (!read_object (obj, "payload", N_("status change"), &payload, error) ||
      !read_string (payload, "current_status", N_("status change"), &status, error))
    return NULL;

  if (status == NULL || !bottega_conversation_status_from_string (status, &parsed))
    {
      malformed (error, _("a status change to an unknown status"));
      return NULL;
    }

  return g_steal_pointer (&status);
}
