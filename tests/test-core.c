/* test-core.c: tests for the core models, enums and log redaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-test"

#include "config.h"

#include <string.h>

#include "bottega-core.h"

/* Notify counting */

typedef struct {
  guint count;
  char *last_name;
} NotifyLog;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  NotifyLog *log = user_data;

  log->count++;
  g_free (log->last_name);
  log->last_name = g_strdup (pspec->name);
}

static void
notify_log_clear (NotifyLog *log)
{
  g_clear_pointer (&log->last_name, g_free);
  log->count = 0;
}

static GType
model_types (guint i)
{
  switch (i)
    {
    case 0: return BOTTEGA_TYPE_ACCOUNT;
    case 1: return BOTTEGA_TYPE_AGENT;
    case 2: return BOTTEGA_TYPE_ATTACHMENT;
    case 3: return BOTTEGA_TYPE_CANNED_RESPONSE;
    case 4: return BOTTEGA_TYPE_CONVERSATION;
    case 5: return BOTTEGA_TYPE_CUSTOMER;
    case 6: return BOTTEGA_TYPE_INBOX;
    case 7: return BOTTEGA_TYPE_LABEL;
    case 8: return BOTTEGA_TYPE_MESSAGE;
    default: return G_TYPE_INVALID;
    }
}

/* A value different from the property's default. */
static void
make_other_value (GParamSpec *pspec,
                  GValue     *value)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_value_init (value, type);

  if (type == G_TYPE_INT64)
    g_value_set_int64 (value, 4242);
  else if (type == G_TYPE_INT)
    g_value_set_int (value, 7);
  else if (type == G_TYPE_BOOLEAN)
    g_value_set_boolean (value, !G_PARAM_SPEC_BOOLEAN (pspec)->default_value);
  else if (type == G_TYPE_DOUBLE)
    g_value_set_double (value, 1700000000.25);
  else if (type == G_TYPE_STRING)
    g_value_set_string (value, "{\"x\":1}");
  else if (type == G_TYPE_STRV)
    {
      const char * const strv[] = { "vip", "wholesale", NULL };
      g_value_set_boxed (value, strv);
    }
  else if (G_TYPE_IS_ENUM (type))
    {
      GParamSpecEnum *espec = G_PARAM_SPEC_ENUM (pspec);
      int other = espec->default_value == espec->enum_class->maximum
                  ? espec->enum_class->minimum
                  : espec->enum_class->maximum;
      g_value_set_enum (value, other);
    }
  else if (G_TYPE_IS_OBJECT (type))
    g_value_take_object (value, g_object_new (type, NULL));
  else
    g_assert_not_reached ();
}

/* Every writable property of every model: the default is the documented one
 * for its kind, a new value notifies once and reads back, the same value
 * again does not notify. */
static void
test_all_properties_notify (void)
{
  for (guint t = 0; model_types (t) != G_TYPE_INVALID; t++)
    {
      g_autoptr(GObject) object = g_object_new (model_types (t), NULL);
      g_autofree GParamSpec **pspecs = NULL;
      NotifyLog log = { 0 };
      guint n_pspecs = 0;

      pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
      g_assert_cmpuint (n_pspecs, >, 2);
      g_signal_connect (object, "notify", G_CALLBACK (on_notify), &log);

      for (guint i = 0; i < n_pspecs; i++)
        {
          GParamSpec *pspec = pspecs[i];
          g_auto(GValue) other = G_VALUE_INIT;
          g_auto(GValue) readback = G_VALUE_INIT;

          g_test_message ("%s:%s", G_OBJECT_TYPE_NAME (object), pspec->name);
          g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY ||
                         !(pspec->flags & G_PARAM_WRITABLE));

          if (!(pspec->flags & G_PARAM_WRITABLE))
            continue;

          make_other_value (pspec, &other);
          notify_log_clear (&log);

          g_object_set_property (object, pspec->name, &other);
          g_assert_cmpuint (log.count, ==, 1);
          g_assert_cmpstr (log.last_name, ==, pspec->name);

          g_value_init (&readback, G_PARAM_SPEC_VALUE_TYPE (pspec));
          g_object_get_property (object, pspec->name, &readback);
          if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRING)
            g_assert_cmpstr (g_value_get_string (&readback), ==, g_value_get_string (&other));
          else if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRV)
            g_assert_true (g_strv_equal (g_value_get_boxed (&readback), g_value_get_boxed (&other)));
          else
            g_assert_cmpint (g_param_values_cmp (pspec, &other, &readback), ==, 0);

          g_object_set_property (object, pspec->name, &other);
          g_assert_cmpuint (log.count, ==, 1);
        }

      notify_log_clear (&log);
      g_signal_handlers_disconnect_by_func (object, on_notify, &log);
    }
}

static void
test_account_defaults (void)
{
  g_autoptr(BottegaAccount) account = bottega_account_new ();
  NotifyLog log = { 0 };

  g_assert_cmpint (bottega_account_get_id (account), ==, 0);
  g_assert_cmpint (bottega_account_get_remote_id (account), ==, 0);
  g_assert_cmpint (bottega_account_get_user_id (account), ==, 0);
  g_assert_null (bottega_account_get_url (account));
  g_assert_null (bottega_account_get_name (account));
  g_assert_null (bottega_account_get_user_name (account));
  g_assert_false (bottega_account_get_is_demo (account));
  g_assert_false (bottega_account_get_needs_auth (account));

  g_signal_connect (account, "notify", G_CALLBACK (on_notify), &log);

  bottega_account_set_name (account, "Bottega Rossi");
  g_assert_cmpuint (log.count, ==, 1);
  g_assert_cmpstr (log.last_name, ==, "name");
  g_assert_cmpstr (bottega_account_get_name (account), ==, "Bottega Rossi");

  /* An equal string in another buffer is still the same value. */
  {
    g_autofree char *copy = g_strdup ("Bottega Rossi");
    bottega_account_set_name (account, copy);
  }
  g_assert_cmpuint (log.count, ==, 1);

  bottega_account_set_name (account, NULL);
  g_assert_cmpuint (log.count, ==, 2);
  g_assert_null (bottega_account_get_name (account));
  bottega_account_set_name (account, NULL);
  g_assert_cmpuint (log.count, ==, 2);

  /* Any true value is TRUE: no spurious notify between 1 and 2. */
  bottega_account_set_needs_auth (account, TRUE);
  g_assert_cmpuint (log.count, ==, 3);
  bottega_account_set_needs_auth (account, 2);
  g_assert_cmpuint (log.count, ==, 3);
  g_assert_true (bottega_account_get_needs_auth (account) == TRUE);

  bottega_account_set_remote_id (account, 12);
  bottega_account_set_remote_id (account, 12);
  g_assert_cmpuint (log.count, ==, 4);
  g_assert_cmpint (bottega_account_get_remote_id (account), ==, 12);

  notify_log_clear (&log);
}

static void
test_customer_json_defaults (void)
{
  g_autoptr(BottegaCustomer) customer = bottega_customer_new ();
  g_autofree char *from_property = NULL;
  NotifyLog log = { 0 };

  g_assert_cmpstr (bottega_customer_get_additional_attributes (customer), ==, "{}");
  g_assert_cmpstr (bottega_customer_get_custom_attributes (customer), ==, "{}");
  g_assert_null (bottega_customer_get_email (customer));
  g_assert_false (bottega_customer_get_blocked (customer));

  g_object_get (customer, "custom-attributes", &from_property, NULL);
  g_assert_cmpstr (from_property, ==, "{}");

  g_signal_connect (customer, "notify::custom-attributes", G_CALLBACK (on_notify), &log);

  bottega_customer_set_custom_attributes (customer, "{}");
  g_assert_cmpuint (log.count, ==, 0);

  bottega_customer_set_custom_attributes (customer, "{\"tier\":\"gold\"}");
  g_assert_cmpuint (log.count, ==, 1);
  g_assert_cmpstr (bottega_customer_get_custom_attributes (customer), ==, "{\"tier\":\"gold\"}");

  /* NULL restores the default, never a NULL getter. */
  bottega_customer_set_custom_attributes (customer, NULL);
  g_assert_cmpuint (log.count, ==, 2);
  g_assert_cmpstr (bottega_customer_get_custom_attributes (customer), ==, "{}");
  bottega_customer_set_custom_attributes (customer, NULL);
  g_assert_cmpuint (log.count, ==, 2);

  g_object_set (customer, "additional-attributes", NULL, NULL);
  g_assert_cmpstr (bottega_customer_get_additional_attributes (customer), ==, "{}");

  notify_log_clear (&log);
}

static void
test_inbox_templates_default (void)
{
  g_autoptr(BottegaInbox) inbox = bottega_inbox_new ();

  g_assert_cmpstr (bottega_inbox_get_templates (inbox), ==, "[]");
  bottega_inbox_set_templates (inbox, "[{\"name\":\"hello_world\"}]");
  g_assert_cmpstr (bottega_inbox_get_templates (inbox), ==, "[{\"name\":\"hello_world\"}]");
  bottega_inbox_set_templates (inbox, NULL);
  g_assert_cmpstr (bottega_inbox_get_templates (inbox), ==, "[]");
}

static void
test_message_defaults (void)
{
  g_autoptr(BottegaMessage) message = bottega_message_new ();

  g_assert_cmpint (bottega_message_get_id (message), ==, 0);
  g_assert_cmpint (bottega_message_get_remote_id (message), ==, 0);
  g_assert_cmpint (bottega_message_get_message_type (message), ==, BOTTEGA_MESSAGE_INCOMING);
  g_assert_cmpint (bottega_message_get_status (message), ==, BOTTEGA_MESSAGE_STATUS_SENT);
  g_assert_false (bottega_message_get_private (message));
  g_assert_null (bottega_message_get_content (message));
  g_assert_null (bottega_message_get_echo_id (message));
  g_assert_cmpstr (bottega_message_get_content_attributes (message), ==, "{}");
  g_assert_nonnull (bottega_message_get_attachments (message));
  g_assert_cmpuint (bottega_message_get_n_attachments (message), ==, 0);
}

static void
test_message_status_notify (void)
{
  g_autoptr(BottegaMessage) message = bottega_message_new ();
  NotifyLog log = { 0 };

  g_signal_connect (message, "notify::status", G_CALLBACK (on_notify), &log);

  bottega_message_set_status (message, BOTTEGA_MESSAGE_STATUS_SENT);
  g_assert_cmpuint (log.count, ==, 0);

  bottega_message_set_status (message, BOTTEGA_MESSAGE_STATUS_DELIVERED);
  g_assert_cmpuint (log.count, ==, 1);
  bottega_message_set_status (message, BOTTEGA_MESSAGE_STATUS_DELIVERED);
  g_assert_cmpuint (log.count, ==, 1);

  g_object_set (message, "status", BOTTEGA_MESSAGE_STATUS_READ, NULL);
  g_assert_cmpuint (log.count, ==, 2);
  g_assert_cmpint (bottega_message_get_status (message), ==, BOTTEGA_MESSAGE_STATUS_READ);

  notify_log_clear (&log);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *n_added = user_data;

  *n_added += added;
}

static void
test_message_attachments (void)
{
  g_autoptr(BottegaMessage) message = bottega_message_new ();
  g_autoptr(BottegaAttachment) photo = bottega_attachment_new ();
  g_autoptr(BottegaAttachment) invoice = bottega_attachment_new ();
  g_autoptr(GListModel) from_property = NULL;
  g_autoptr(BottegaAttachment) first = NULL;
  g_autoptr(BottegaAttachment) second = NULL;
  GListModel *attachments;
  guint n_added = 0;

  attachments = bottega_message_get_attachments (message);
  g_assert_true (g_list_model_get_item_type (attachments) == BOTTEGA_TYPE_ATTACHMENT);
  g_signal_connect (attachments, "items-changed", G_CALLBACK (on_items_changed), &n_added);

  bottega_attachment_set_file_type (photo, "image");
  bottega_attachment_set_file_name (photo, "shoes.jpg");
  bottega_attachment_set_width (photo, 800);
  bottega_attachment_set_height (photo, 600);
  bottega_attachment_set_file_type (invoice, "file");
  bottega_attachment_set_file_size (invoice, 52340);

  bottega_message_add_attachment (message, photo);
  bottega_message_add_attachment (message, invoice);

  g_assert_cmpuint (n_added, ==, 2);
  g_assert_cmpuint (bottega_message_get_n_attachments (message), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (attachments), ==, 2);

  first = g_list_model_get_item (attachments, 0);
  second = g_list_model_get_item (attachments, 1);
  g_assert_true (first == photo);
  g_assert_true (second == invoice);
  g_assert_cmpstr (bottega_attachment_get_file_name (first), ==, "shoes.jpg");
  g_assert_cmpint (bottega_attachment_get_width (first), ==, 800);
  g_assert_cmpint (bottega_attachment_get_file_size (second), ==, 52340);

  /* The read-only property is the very same model. */
  g_object_get (message, "attachments", &from_property, NULL);
  g_assert_true (from_property == attachments);

  g_signal_handlers_disconnect_by_func (attachments, on_items_changed, &n_added);
}

static void
test_conversation_labels (void)
{
  g_autoptr(BottegaConversation) conversation = bottega_conversation_new ();
  g_auto(GStrv) from_property = NULL;
  char *labels[] = { g_strdup ("vip"), g_strdup ("urgent"), NULL };
  const char * const same[] = { "vip", "urgent", NULL };
  const char * const reordered[] = { "urgent", "vip", NULL };
  const char * const *got;
  NotifyLog log = { 0 };

  got = bottega_conversation_get_labels (conversation);
  g_assert_nonnull (got);
  g_assert_cmpuint (g_strv_length ((char **)got), ==, 0);

  g_signal_connect (conversation, "notify::labels", G_CALLBACK (on_notify), &log);

  bottega_conversation_set_labels (conversation, (const char * const *)labels);
  g_assert_cmpuint (log.count, ==, 1);

  /* The conversation keeps its own copy. */
  g_free (labels[0]);
  labels[0] = g_strdup ("changed");
  got = bottega_conversation_get_labels (conversation);
  g_assert_true (g_strv_equal (got, same));

  bottega_conversation_set_labels (conversation, same);
  g_assert_cmpuint (log.count, ==, 1);

  bottega_conversation_set_labels (conversation, reordered);
  g_assert_cmpuint (log.count, ==, 2);

  g_object_get (conversation, "labels", &from_property, NULL);
  g_assert_true (g_strv_equal ((const char * const *)from_property, reordered));

  bottega_conversation_set_labels (conversation, NULL);
  g_assert_cmpuint (log.count, ==, 3);
  got = bottega_conversation_get_labels (conversation);
  g_assert_nonnull (got);
  g_assert_null (got[0]);

  /* NULL and empty are the same value. */
  {
    const char * const empty[] = { NULL };
    bottega_conversation_set_labels (conversation, empty);
  }
  g_assert_cmpuint (log.count, ==, 3);

  g_free (labels[0]);
  g_free (labels[1]);
  notify_log_clear (&log);
}

static void
test_conversation_defaults (void)
{
  g_autoptr(BottegaConversation) conversation = bottega_conversation_new ();
  g_autoptr(BottegaCustomer) customer = bottega_customer_new ();
  g_autoptr(BottegaMessage) message = bottega_message_new ();
  GWeakRef weak;
  NotifyLog log = { 0 };

  g_assert_cmpint (bottega_conversation_get_status (conversation), ==, BOTTEGA_CONVERSATION_OPEN);
  g_assert_true (bottega_conversation_get_can_reply (conversation));
  g_assert_cmpint (bottega_conversation_get_unread_count (conversation), ==, 0);
  g_assert_cmpint (bottega_conversation_get_outbox_count (conversation), ==, 0);
  g_assert_null (bottega_conversation_get_customer (conversation));
  g_assert_null (bottega_conversation_get_last_message (conversation));
  g_assert_null (bottega_conversation_get_draft (conversation));
  g_assert_cmpfloat (bottega_conversation_get_updated_at (conversation), ==, 0.0);

  g_signal_connect (conversation, "notify", G_CALLBACK (on_notify), &log);

  bottega_conversation_set_customer (conversation, customer);
  g_assert_cmpuint (log.count, ==, 1);
  g_assert_cmpstr (log.last_name, ==, "customer");
  bottega_conversation_set_customer (conversation, customer);
  g_assert_cmpuint (log.count, ==, 1);
  g_assert_true (bottega_conversation_get_customer (conversation) == customer);

  bottega_conversation_set_last_message (conversation, message);
  g_assert_cmpuint (log.count, ==, 2);
  g_assert_true (bottega_conversation_get_last_message (conversation) == message);

  bottega_conversation_set_updated_at (conversation, 1716400000.123);
  bottega_conversation_set_updated_at (conversation, 1716400000.123);
  g_assert_cmpuint (log.count, ==, 3);
  g_assert_cmpfloat (bottega_conversation_get_updated_at (conversation), ==, 1716400000.123);

  bottega_conversation_set_status (conversation, BOTTEGA_CONVERSATION_SNOOZED);
  g_assert_cmpuint (log.count, ==, 4);
  g_assert_cmpstr (log.last_name, ==, "status");

  /* The conversation holds a reference to its customer and lets it go. */
  g_weak_ref_init (&weak, customer);
  g_clear_object (&customer);
  {
    g_autoptr(GObject) alive = g_weak_ref_get (&weak);
    g_assert_nonnull (alive);
  }
  bottega_conversation_set_customer (conversation, NULL);
  g_assert_cmpuint (log.count, ==, 5);
  {
    g_autoptr(GObject) gone = g_weak_ref_get (&weak);
    g_assert_null (gone);
  }
  g_weak_ref_clear (&weak);

  notify_log_clear (&log);
  g_signal_handlers_disconnect_by_func (conversation, on_notify, &log);
}

/* Enums */

static void
test_enums_message_status (void)
{
  static const struct {
    BottegaMessageStatus status;
    const char *name;
  } cases[] = {
    { BOTTEGA_MESSAGE_STATUS_QUEUED, "queued" },
    { BOTTEGA_MESSAGE_STATUS_SENDING, "sending" },
    { BOTTEGA_MESSAGE_STATUS_SENT, "sent" },
    { BOTTEGA_MESSAGE_STATUS_DELIVERED, "delivered" },
    { BOTTEGA_MESSAGE_STATUS_READ, "read" },
    { BOTTEGA_MESSAGE_STATUS_FAILED, "failed" },
  };
  g_autoptr(GEnumClass) klass = g_type_class_ref (BOTTEGA_TYPE_MESSAGE_STATUS);
  BottegaMessageStatus out;

  g_assert_true (G_TYPE_IS_ENUM (BOTTEGA_TYPE_MESSAGE_STATUS));
  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (cases));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      out = BOTTEGA_MESSAGE_STATUS_FAILED + 1;
      g_assert_cmpstr (bottega_message_status_to_string (cases[i].status), ==, cases[i].name);
      g_assert_true (bottega_message_status_from_string (cases[i].name, &out));
      g_assert_cmpint (out, ==, cases[i].status);
      g_assert_cmpint (g_enum_get_value_by_nick (klass, cases[i].name)->value, ==, cases[i].status);
    }

  out = BOTTEGA_MESSAGE_STATUS_READ;
  g_assert_false (bottega_message_status_from_string ("seen", &out));
  g_assert_false (bottega_message_status_from_string ("Sent", &out));
  g_assert_false (bottega_message_status_from_string ("", &out));
  g_assert_false (bottega_message_status_from_string (NULL, &out));
  g_assert_cmpint (out, ==, BOTTEGA_MESSAGE_STATUS_READ);
}

static void
test_enums_conversation_status (void)
{
  static const struct {
    BottegaConversationStatus status;
    const char *name;
  } cases[] = {
    { BOTTEGA_CONVERSATION_OPEN, "open" },
    { BOTTEGA_CONVERSATION_RESOLVED, "resolved" },
    { BOTTEGA_CONVERSATION_PENDING, "pending" },
    { BOTTEGA_CONVERSATION_SNOOZED, "snoozed" },
  };
  g_autoptr(GEnumClass) klass = g_type_class_ref (BOTTEGA_TYPE_CONVERSATION_STATUS);
  BottegaConversationStatus out;

  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (cases));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      out = BOTTEGA_CONVERSATION_SNOOZED + 1;
      g_assert_cmpstr (bottega_conversation_status_to_string (cases[i].status), ==, cases[i].name);
      g_assert_true (bottega_conversation_status_from_string (cases[i].name, &out));
      g_assert_cmpint (out, ==, cases[i].status);
    }

  out = BOTTEGA_CONVERSATION_PENDING;
  g_assert_false (bottega_conversation_status_from_string ("all", &out));
  g_assert_false (bottega_conversation_status_from_string ("closed", &out));
  g_assert_false (bottega_conversation_status_from_string (NULL, &out));
  g_assert_cmpint (out, ==, BOTTEGA_CONVERSATION_PENDING);
}

static void
test_enums_message_type (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (BOTTEGA_TYPE_MESSAGE_TYPE);

  /* The values are Chatwoot's integers. */
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "incoming")->value, ==, 0);
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "outgoing")->value, ==, 1);
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "activity")->value, ==, 2);
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "template")->value, ==, 3);
}

/* Redaction */

static void
assert_redacted (const char *text,
                 const char *expected)
{
  g_autofree char *result = bottega_redact (text);

  g_assert_cmpstr (result, ==, expected);
}

static void
test_redact_email (void)
{
  assert_redacted ("maria.rossi@example.it", "[redacted]");
  assert_redacted ("Write to maria.rossi@example.it.", "Write to [redacted].");
  assert_redacted ("from <o'neil+shop@mail.example.co.uk>, thanks",
                   "from <[redacted]>, thanks");
  assert_redacted ("a@b.io and c@d.io", "[redacted] and [redacted]");
}

static void
test_redact_phone (void)
{
  assert_redacted ("+39 333 123 4567", "[redacted]");
  assert_redacted ("(11) 98765-4321", "[redacted]");
  assert_redacted ("Call me at +39 333 123 4567 please", "Call me at [redacted] please");
  assert_redacted ("Tel. (11) 98765-4321 or 555.123.4567",
                   "Tel. [redacted] or [redacted]");
  assert_redacted ("phone=+14155552671", "phone=[redacted]");
  assert_redacted ("3331234567", "[redacted]");
}

static void
test_redact_token (void)
{
  assert_redacted ("token abcdefghijklmnopqrstuvwxyz0123 done", "token [redacted] done");
  assert_redacted ("api_access_token: xYz9Kq2LmN4pQr7sTu1vWw3A", "api_access_token: [redacted]");
  assert_redacted ("uuid 550e8400-e29b-41d4-a716-446655440000", "uuid [redacted]");
  /* No digits but a capital inside, as random tokens have. */
  assert_redacted ("key=qwErtyuiopAsdfghjklzXcv", "key=[redacted]");
}

static void
test_redact_plain (void)
{
  static const char * const untouched[] = {
    "Hello! Do you still have the blue shoes in size 42?",
    "Order 1234 ships on 2024-05-01 at 12:30, total 59.90 EUR.",
    "Ciao, il pacco è arrivato: grazie mille! 😊",
    "Donaudampfschifffahrtsgesellschaft is a long word.",
    "sync: pulled 3 conversations in 2 pages",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (untouched); i++)
    assert_redacted (untouched[i], untouched[i]);

  assert_redacted (NULL, NULL);
}

static void
test_redact_mixed (void)
{
  assert_redacted ("Customer maria@example.it (+39 333 123 4567) sent order 12",
                   "Customer [redacted] ([redacted]) sent order 12");

  /* Broken UTF-8 must not let personal data through. */
  {
    g_autofree char *result = bottega_redact ("\xff mail maria@example.it");

    g_assert_nonnull (result);
    g_assert_null (strstr (result, "maria"));
    g_assert_nonnull (strstr (result, "[redacted]"));
  }
}

static void
test_redact_digest (void)
{
  g_autofree char *null_digest = bottega_redact_digest (NULL);
  g_autofree char *a = bottega_redact_digest ("Hello, my number is +39 333 123 4567");
  g_autofree char *a_again = bottega_redact_digest ("Hello, my number is +39 333 123 4567");
  g_autofree char *b = bottega_redact_digest ("Hello, my number is +39 333 123 4568");
  g_autofree char *abc = bottega_redact_digest ("abc");

  g_assert_cmpstr (null_digest, ==, "len=0");
  g_assert_cmpstr (a, ==, a_again);
  g_assert_cmpstr (a, !=, b);
  g_assert_true (g_str_has_prefix (a, "len=36 #"));
  g_assert_cmpuint (strlen (a), ==, strlen ("len=36 #") + 8);
  g_assert_null (strstr (a, "333"));
  /* SHA-256 ("abc") starts with ba7816bf. */
  g_assert_cmpstr (abc, ==, "len=3 #ba7816bf");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/properties/notify-once", test_all_properties_notify);
  g_test_add_func ("/core/account/defaults", test_account_defaults);
  g_test_add_func ("/core/customer/json-defaults", test_customer_json_defaults);
  g_test_add_func ("/core/inbox/templates-default", test_inbox_templates_default);
  g_test_add_func ("/core/message/defaults", test_message_defaults);
  g_test_add_func ("/core/message/status-notify", test_message_status_notify);
  g_test_add_func ("/core/message/attachments", test_message_attachments);
  g_test_add_func ("/core/conversation/labels", test_conversation_labels);
  g_test_add_func ("/core/conversation/defaults", test_conversation_defaults);
  g_test_add_func ("/core/enums/message-status", test_enums_message_status);
  g_test_add_func ("/core/enums/conversation-status", test_enums_conversation_status);
  g_test_add_func ("/core/enums/message-type", test_enums_message_type);
  g_test_add_func ("/core/redact/email", test_redact_email);
  g_test_add_func ("/core/redact/phone", test_redact_phone);
  g_test_add_func ("/core/redact/token", test_redact_token);
  g_test_add_func ("/core/redact/plain", test_redact_plain);
  g_test_add_func ("/core/redact/mixed", test_redact_mixed);
  g_test_add_func ("/core/redact/digest", test_redact_digest);

  return g_test_run ();
}
