/* bottega-enums.c: enumerations shared by every layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-core"

#include "config.h"

#include "bottega-enums.h"

/* The nicks of the status enums are the provider's wire names, so one table
 * serves both GObject introspection and the string conversions. */
static const GEnumValue message_type_values[] = {
  { BOTTEGA_MESSAGE_INCOMING, "BOTTEGA_MESSAGE_INCOMING", "incoming" },
  { BOTTEGA_MESSAGE_OUTGOING, "BOTTEGA_MESSAGE_OUTGOING", "outgoing" },
  { BOTTEGA_MESSAGE_ACTIVITY, "BOTTEGA_MESSAGE_ACTIVITY", "activity" },
  { BOTTEGA_MESSAGE_TEMPLATE, "BOTTEGA_MESSAGE_TEMPLATE", "template" },
  { 0, NULL, NULL }
};

static const GEnumValue message_status_values[] = {
  { BOTTEGA_MESSAGE_STATUS_QUEUED, "BOTTEGA_MESSAGE_STATUS_QUEUED", "queued" },
  { BOTTEGA_MESSAGE_STATUS_SENDING, "BOTTEGA_MESSAGE_STATUS_SENDING", "sending" },
  { BOTTEGA_MESSAGE_STATUS_SENT, "BOTTEGA_MESSAGE_STATUS_SENT", "sent" },
  { BOTTEGA_MESSAGE_STATUS_DELIVERED, "BOTTEGA_MESSAGE_STATUS_DELIVERED", "delivered" },
  { BOTTEGA_MESSAGE_STATUS_READ, "BOTTEGA_MESSAGE_STATUS_READ", "read" },
  { BOTTEGA_MESSAGE_STATUS_FAILED, "BOTTEGA_MESSAGE_STATUS_FAILED", "failed" },
  { 0, NULL, NULL }
};

static const GEnumValue conversation_status_values[] = {
  { BOTTEGA_CONVERSATION_OPEN, "BOTTEGA_CONVERSATION_OPEN", "open" },
  { BOTTEGA_CONVERSATION_RESOLVED, "BOTTEGA_CONVERSATION_RESOLVED", "resolved" },
  { BOTTEGA_CONVERSATION_PENDING, "BOTTEGA_CONVERSATION_PENDING", "pending" },
  { BOTTEGA_CONVERSATION_SNOOZED, "BOTTEGA_CONVERSATION_SNOOZED", "snoozed" },
  { 0, NULL, NULL }
};

static const GEnumValue availability_values[] = {
  { BOTTEGA_AVAILABILITY_IN_STOCK, "BOTTEGA_AVAILABILITY_IN_STOCK", "in-stock" },
  { BOTTEGA_AVAILABILITY_OUT_OF_STOCK, "BOTTEGA_AVAILABILITY_OUT_OF_STOCK", "out-of-stock" },
  { BOTTEGA_AVAILABILITY_PREORDER, "BOTTEGA_AVAILABILITY_PREORDER", "preorder" },
  { BOTTEGA_AVAILABILITY_AVAILABLE_FOR_ORDER, "BOTTEGA_AVAILABILITY_AVAILABLE_FOR_ORDER", "available-for-order" },
  { BOTTEGA_AVAILABILITY_DISCONTINUED, "BOTTEGA_AVAILABILITY_DISCONTINUED", "discontinued" },
  { 0, NULL, NULL }
};

GType
bottega_message_type_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_enum_register_static (g_intern_static_string ("BottegaMessageType"),
                                           message_type_values);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

GType
bottega_message_status_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_enum_register_static (g_intern_static_string ("BottegaMessageStatus"),
                                           message_status_values);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

GType
bottega_conversation_status_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_enum_register_static (g_intern_static_string ("BottegaConversationStatus"),
                                           conversation_status_values);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

GType
bottega_availability_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_enum_register_static (g_intern_static_string ("BottegaAvailability"),
                                           availability_values);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

static const char *
nick_for_value (const GEnumValue *values,
                int               value)
{
  for (guint i = 0; values[i].value_nick != NULL; i++)
    {
      if (values[i].value == value)
        return values[i].value_nick;
    }

  return NULL;
}

static gboolean
value_for_nick (const GEnumValue *values,
                const char       *nick,
                int              *value)
{
  g_assert (value != NULL);

  if (nick == NULL)
    return FALSE;

  for (guint i = 0; values[i].value_nick != NULL; i++)
    {
      if (g_strcmp0 (values[i].value_nick, nick) == 0)
        {
          *value = values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
bottega_message_status_to_string (BottegaMessageStatus status)
{
  const char *nick = nick_for_value (message_status_values, status);

  g_return_val_if_fail (nick != NULL, NULL);

  return nick;
}

gboolean
bottega_message_status_from_string (const char           *str,
                                    BottegaMessageStatus *out)
{
  int value;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!value_for_nick (message_status_values, str, &value))
    return FALSE;

  *out = value;
  return TRUE;
}

const char *
bottega_conversation_status_to_string (BottegaConversationStatus status)
{
  const char *nick = nick_for_value (conversation_status_values, status);

  g_return_val_if_fail (nick != NULL, NULL);

  return nick;
}

gboolean
bottega_conversation_status_from_string (const char                *str,
                                         BottegaConversationStatus *out)
{
  int value;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!value_for_nick (conversation_status_values, str, &value))
    return FALSE;

  *out = value;
  return TRUE;
}

/* The feeds' names are the GEnum nicks with spaces for dashes. */
static const char * const availability_names[] = {
  [BOTTEGA_AVAILABILITY_IN_STOCK] = "in stock",
  [BOTTEGA_AVAILABILITY_OUT_OF_STOCK] = "out of stock",
  [BOTTEGA_AVAILABILITY_PREORDER] = "preorder",
  [BOTTEGA_AVAILABILITY_AVAILABLE_FOR_ORDER] = "available for order",
  [BOTTEGA_AVAILABILITY_DISCONTINUED] = "discontinued",
};

const char *
bottega_availability_to_string (BottegaAvailability availability)
{
  g_return_val_if_fail ((guint) availability < G_N_ELEMENTS (availability_names), NULL);

  return availability_names[availability];
}

gboolean
bottega_availability_from_string (const char          *str,
                                  BottegaAvailability *out)
{
  static const struct {
    const char          *name;
    BottegaAvailability  value;
  } aliases[] = {
    { "backorder", BOTTEGA_AVAILABILITY_AVAILABLE_FOR_ORDER },
    { "limited availability", BOTTEGA_AVAILABILITY_IN_STOCK },
    { "pre-order", BOTTEGA_AVAILABILITY_PREORDER },
  };
  g_autofree char *name = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  /* "IN_STOCK", "in_stock" and " In stock " are all "in stock". */
  name = g_ascii_strdown (str, -1);
  g_strstrip (name);
  g_strdelimit (name, "_", ' ');

  for (guint i = 0; i < G_N_ELEMENTS (availability_names); i++)
    {
      if (g_str_equal (name, availability_names[i]))
        {
          *out = (BottegaAvailability) i;
          return TRUE;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      if (g_str_equal (name, aliases[i].name))
        {
          *out = aliases[i].value;
          return TRUE;
        }
    }

  return FALSE;
}
