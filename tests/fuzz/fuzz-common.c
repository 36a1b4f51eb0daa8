/* fuzz-common.c: what every fuzz target shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "bottega-chatwoot-parse.h"
#include "bottega-provider-error.h"
#include "fuzz-common.h"

static GLogWriterOutput
quiet_writer (GLogLevelFlags   log_level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  /* The parsers log what they skip at debug level; at tens of thousands of
   * inputs a second that is only noise. */
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE))
    return G_LOG_WRITER_HANDLED;

  /* Written here rather than by the default writer, which stops fatal
   * messages with a breakpoint trap: libFuzzer saves the input that
   * crashed on an abort. */
  {
    g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);

    fprintf (stderr, "%s\n", line);
  }
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return G_LOG_WRITER_HANDLED;
}

void
fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* No GIO modules, no network: the targets parse, nothing else. */
      g_setenv ("GIO_USE_VFS", "local", TRUE);
      g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
      g_log_set_writer_func (quiet_writer, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

static void
check_model (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (item != NULL)
        fuzz_check_strings (item);
    }
}

void
fuzz_check_strings (GObject *object)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      GParamSpec *pspec = pspecs[i];

      if (!(pspec->flags & G_PARAM_READABLE))
        continue;

      if (pspec->value_type == G_TYPE_STRING)
        {
          g_autofree char *value = NULL;

          g_object_get (object, pspec->name, &value, NULL);
          if (value != NULL && !g_utf8_validate (value, -1, NULL))
            g_error ("%s:%s is not valid UTF-8", G_OBJECT_TYPE_NAME (object), pspec->name);
        }
      else if (pspec->value_type == G_TYPE_STRV)
        {
          g_auto(GStrv) values = NULL;

          g_object_get (object, pspec->name, &values, NULL);
          for (guint j = 0; values != NULL && values[j] != NULL; j++)
            if (!g_utf8_validate (values[j], -1, NULL))
              g_error ("%s:%s[%u] is not valid UTF-8", G_OBJECT_TYPE_NAME (object), pspec->name, j);
        }
      else if (g_type_is_a (pspec->value_type, G_TYPE_LIST_MODEL))
        {
          g_autoptr(GListModel) model = NULL;

          g_object_get (object, pspec->name, &model, NULL);
          if (model != NULL)
            check_model (model);
        }
      else if (g_type_is_a (pspec->value_type, G_TYPE_OBJECT))
        {
          g_autoptr(GObject) child = NULL;

          g_object_get (object, pspec->name, &child, NULL);
          /* Children point back at nothing, so this ends. */
          if (child != NULL && child != object)
            fuzz_check_strings (child);
        }
    }
}

/* Words of the parsers' own messages: field and kind names are lower-case
 * ASCII, so only values with something else in them can be told apart. */
static gboolean
could_be_a_value (const char *text)
{
  if (strlen (text) < 6)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && *p != ' ' && *p != '_')
      return TRUE;
  return FALSE;
}

static void
check_no_value (const char *message,
                JsonNode   *node)
{
  if (node == NULL)
    return;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *child;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &child))
          check_no_value (message, child);
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          check_no_value (message, json_array_get_element (array, i));
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *value = json_node_get_string (node);

          if (could_be_a_value (value) && strstr (message, value) != NULL)
            g_error ("An error message quotes a value of the input");
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

void
fuzz_check_error (const GError *error,
                  JsonNode     *root)
{
  if (error == NULL)
    g_error ("A parser failed without saying why");
  if (error->domain != BOTTEGA_PROVIDER_ERROR)
    g_error ("A parser failed with an error of another domain: %s", g_quark_to_string (error->domain));
  if (!g_utf8_validate (error->message, -1, NULL))
    {
      g_autofree char *escaped = g_strescape (error->message, NULL);

      g_error ("An error message is not valid UTF-8: %s", escaped);
    }
  check_no_value (error->message, root);
}

JsonNode *
fuzz_parse_json (const uint8_t *data,
                 size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (size > 0 ? data : (const uint8_t *) "", size);
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  root = bottega_chatwoot_parse_json (bytes, &error);
  if (root == NULL)
    fuzz_check_error (error, NULL);
  return root;
}
