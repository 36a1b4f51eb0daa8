/* bottega-conversation-view-header.c: the conversation's header — status,
 * snooze, priority, assignee and labels — and the changes it sends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "bottega-channel.h"
#include "bottega-conversation-view-private.h"
#include "bottega-sync-actions.h"
#include "bottega-text.h"

/* Snoozing "until tomorrow" or "next week" wakes at this hour. */
#define WAKE_HOUR 9

/* ---- changing the conversation ---- */

typedef struct {
  BottegaConversationView *self;
  gint64                   conversation_id;
  char                    *failed;          /* "Could not resolve the conversation" */
  gboolean                 labels;
} ChangeData;

static void
change_data_free (ChangeData *data)
{
  g_clear_object (&data->self);
  g_free (data->failed);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChangeData, change_data_free)

static void send_labels (BottegaConversationView *self);

static void
changed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ChangeData) data = user_data;
  BottegaConversationView *self = data->self;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  gboolean current;

  ok = bottega_sync_engine_change_conversation_finish (BOTTEGA_SYNC_ENGINE (object), result, &error);
  current = self->conversation != NULL &&
            bottega_conversation_get_id (self->conversation) == data->conversation_id;

  if (data->labels && self->labels_conversation_id == data->conversation_id)
    {
      self->labels_in_flight = FALSE;
      if (ok && self->labels_again)
        {
          self->labels_again = FALSE;
          send_labels (self);
        }
      else
        {
          self->labels_again = FALSE;
          g_clear_pointer (&self->wanted_labels, g_strfreev);
        }
    }

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (data->failed != NULL)
        {
          g_autofree char *text = NULL;

          if (g_error_matches (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_NETWORK) ||
              g_error_matches (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_TIMEOUT))
            /* Translators: the first %s is what failed, e.g. "Could not
             * resolve the conversation" */
            text = g_strdup_printf (_("%s: the server cannot be reached. Try again when you are back online."),
                                    data->failed);
          else
            /* Translators: what failed, then why */
            text = g_strdup_printf (_("%s: %s"), data->failed, error->message);
          bottega_conversation_view_toast (self, text);
        }
      else
        g_debug ("A conversation change failed: %s", error->message);

      /* The controls show what the server has, not what was asked. */
      if (current)
        bottega_conversation_view_update_header (self);
    }
}

static void
change (BottegaConversationView         *self,
        const BottegaConversationChange *what,
        const char                      *failed)
{
  BottegaSyncEngine *engine = bottega_conversation_view_engine_for (self->conversation);
  ChangeData *data;

  if (engine == NULL)
    {
      if (failed != NULL)
        {
          /* Translators: what failed; the account is not syncing */
          g_autofree char *text = g_strdup_printf (_("%s: this account is not connected"), failed);

          bottega_conversation_view_toast (self, text);
        }
      bottega_conversation_view_update_header (self);
      return;
    }

  data = g_new0 (ChangeData, 1);
  data->self = g_object_ref (self);
  data->conversation_id = bottega_conversation_get_id (self->conversation);
  data->failed = g_strdup (failed);
  data->labels = what->action == BOTTEGA_CONVERSATION_ACTION_SET_LABELS;
  bottega_sync_engine_change_conversation_async (engine, self->conversation, what,
                                                 self->cancellable, changed, data);
}

static void
set_status (BottegaConversationView   *self,
            BottegaConversationStatus  status,
            gint64                     snoozed_until,
            const char                *failed)
{
  BottegaConversationChange what = { BOTTEGA_CONVERSATION_ACTION_SET_STATUS, status, snoozed_until, };

  if (self->conversation == NULL)
    return;
  change (self, &what, failed);
}

static void
resolve_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  set_status (BOTTEGA_CONVERSATION_VIEW (widget), BOTTEGA_CONVERSATION_RESOLVED, 0,
              _("Could not resolve the conversation"));
}

static void
reopen_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  set_status (BOTTEGA_CONVERSATION_VIEW (widget), BOTTEGA_CONVERSATION_OPEN, 0,
              _("Could not reopen the conversation"));
}

static void
pending_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  set_status (BOTTEGA_CONVERSATION_VIEW (widget), BOTTEGA_CONVERSATION_PENDING, 0,
              _("Could not mark the conversation as pending"));
}

static void
snooze_until (BottegaConversationView *self,
              gint64                   until)
{
  set_status (self, BOTTEGA_CONVERSATION_SNOOZED, until, _("Could not snooze the conversation"));
}

/* @days from today at WAKE_HOUR, local time. */
static gint64
wake_time (GDateTime *now,
           int        days)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);
  g_autoptr(GDateTime) wake = NULL;

  wake = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day), WAKE_HOUR, 0, 0);
  return wake != NULL ? g_date_time_to_unix (wake) : 0;
}

typedef struct {
  BottegaConversationView *self;
  gint64                   conversation_id;
  GtkCalendar             *calendar;
  GtkSpinButton           *hour;
  GtkSpinButton           *minute;
} SnoozeDialog;

static void
snooze_dialog_free (SnoozeDialog *dialog)
{
  g_clear_object (&dialog->self);
  g_free (dialog);
}

static void
on_snooze_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SnoozeDialog     *data)
{
  BottegaConversationView *self = data->self;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_strcmp0 (response, "snooze") != 0 || self->conversation == NULL ||
      bottega_conversation_get_id (self->conversation) != data->conversation_id)
    return;

  date = gtk_calendar_get_date (data->calendar);
  when = g_date_time_new_local (g_date_time_get_year (date), g_date_time_get_month (date),
                                g_date_time_get_day_of_month (date),
                                gtk_spin_button_get_value_as_int (data->hour),
                                gtk_spin_button_get_value_as_int (data->minute), 0);
  if (when == NULL || g_date_time_compare (when, now) <= 0)
    {
      bottega_conversation_view_toast (self, _("Pick a time in the future to snooze until"));
      return;
    }

  snooze_until (self, g_date_time_to_unix (when));
}

static GtkWidget *
time_spin (int         max,
           int         value,
           const char *accessible)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (spin), GTK_ORIENTATION_VERTICAL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return spin;
}

/* "Snooze until a custom time…": a day and a time, tomorrow 9:00 to start. */
static void
show_snooze_dialog (BottegaConversationView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  SnoozeDialog *data = g_new0 (SnoozeDialog, 1);
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *times;
  GtkWidget *colon;

  data->self = g_object_ref (self);
  data->conversation_id = bottega_conversation_get_id (self->conversation);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Snooze Until…"),
                                   _("The conversation comes back as open at this time, or sooner when the customer writes."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "snooze", _("_Snooze"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "snooze", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "snooze");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  data->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_calendar_select_day (data->calendar, tomorrow);
  gtk_accessible_update_property (GTK_ACCESSIBLE (data->calendar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Day"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->calendar));

  times = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (times, GTK_ALIGN_CENTER);
  data->hour = GTK_SPIN_BUTTON (time_spin (23, WAKE_HOUR, _("Hour")));
  data->minute = GTK_SPIN_BUTTON (time_spin (59, 0, _("Minute")));
  colon = gtk_label_new (C_("time separator", ":"));
  gtk_box_append (GTK_BOX (times), GTK_WIDGET (data->hour));
  gtk_box_append (GTK_BOX (times), colon);
  gtk_box_append (GTK_BOX (times), GTK_WIDGET (data->minute));
  gtk_box_append (GTK_BOX (box), times);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  g_signal_connect_data (dialog, "response", G_CALLBACK (on_snooze_response), data,
                         (GClosureNotify) snooze_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* @parameter: "tomorrow" (9:00), "next-week" (Monday 9:00), "custom" (asks),
 * or a time as decimal epoch seconds. */
static void
snooze_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (widget);
  const char *when = g_variant_get_string (parameter, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 until = 0;

  if (self->conversation == NULL)
    return;

  if (g_strcmp0 (when, "tomorrow") == 0)
    until = wake_time (now, 1);
  else if (g_strcmp0 (when, "next-week") == 0)
    /* Monday is day 1: the next one, a week on when today is Monday. */
    until = wake_time (now, 8 - g_date_time_get_day_of_week (now));
  else if (g_strcmp0 (when, "custom") == 0)
    {
      show_snooze_dialog (self);
      return;
    }
  else
    until = g_ascii_strtoll (when, NULL, 10);

  if (until <= g_date_time_to_unix (now))
    {
      g_warning ("Refusing to snooze until a past time");
      return;
    }
  snooze_until (self, until);
}

static void
set_priority_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (widget);
  const char *priority = g_variant_get_string (parameter, NULL);
  BottegaConversationChange what = { BOTTEGA_CONVERSATION_ACTION_SET_PRIORITY, };

  if (self->conversation == NULL)
    return;
  what.priority = *priority != '\0' ? priority : NULL;
  if (g_strcmp0 (what.priority, bottega_conversation_get_priority (self->conversation)) == 0)
    return;
  change (self, &what, _("Could not change the priority"));
}

static void
assign_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (widget);
  BottegaConversationChange what = { BOTTEGA_CONVERSATION_ACTION_ASSIGN, };

  if (self->conversation == NULL)
    return;
  what.assignee_id = MAX (0, g_variant_get_int64 (parameter));
  if (what.assignee_id == bottega_conversation_get_assignee_id (self->conversation))
    return;
  change (self, &what,
          what.assignee_id != 0 ? _("Could not assign the conversation")
                                : _("Could not unassign the conversation"));
}

static void
send_labels (BottegaConversationView *self)
{
  BottegaConversationChange what = { BOTTEGA_CONVERSATION_ACTION_SET_LABELS, };

  what.labels = (const char * const *) self->wanted_labels;
  self->labels_in_flight = TRUE;
  self->labels_conversation_id = bottega_conversation_get_id (self->conversation);
  change (self, &what, _("Could not change the labels"));
}

/* Chatwoot replaces the whole set: send the conversation's labels with
 * this one added or taken out. Quick toggles are gathered while one change
 * is on its way, and the last wanted set follows it. */
static void
toggle_label_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (widget);
  const char *title = g_variant_get_string (parameter, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char * const *current;
  gboolean had = FALSE;

  if (self->conversation == NULL || *title == '\0')
    return;

  if (self->wanted_labels == NULL ||
      self->labels_conversation_id != bottega_conversation_get_id (self->conversation))
    {
      g_clear_pointer (&self->wanted_labels, g_strfreev);
      self->wanted_labels = g_strdupv ((char **) bottega_conversation_get_labels (self->conversation));
      self->labels_conversation_id = bottega_conversation_get_id (self->conversation);
    }
  current = (const char * const *) self->wanted_labels;

  for (guint i = 0; current[i] != NULL; i++)
    {
      if (g_strcmp0 (current[i], title) == 0)
        had = TRUE;
      else
        g_strv_builder_add (builder, current[i]);
    }
  if (!had)
    g_strv_builder_add (builder, title);

  g_strfreev (self->wanted_labels);
  self->wanted_labels = g_strv_builder_end (builder);

  if (self->labels_in_flight)
    self->labels_again = TRUE;
  else
    send_labels (self);
}

/* ---- the header ---- */

static const char *
priority_name (const char *priority)
{
  if (g_strcmp0 (priority, "low") == 0)
    return C_("priority", "Low");
  if (g_strcmp0 (priority, "medium") == 0)
    return C_("priority", "Medium");
  if (g_strcmp0 (priority, "high") == 0)
    return C_("priority", "High");
  if (g_strcmp0 (priority, "urgent") == 0)
    return C_("priority", "Urgent");
  return NULL;
}

static char *
status_text (BottegaConversation *conversation)
{
  gint64 until = bottega_conversation_get_snoozed_until (conversation);

  switch (bottega_conversation_get_status (conversation))
    {
    case BOTTEGA_CONVERSATION_OPEN:
      return g_strdup (C_("conversation status", "Open"));
    case BOTTEGA_CONVERSATION_PENDING:
      return g_strdup (C_("conversation status", "Pending"));
    case BOTTEGA_CONVERSATION_RESOLVED:
      return g_strdup (C_("conversation status", "Resolved"));
    case BOTTEGA_CONVERSATION_SNOOZED:
    default:
      if (until > 0)
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (until);
          g_autofree char *time = NULL;

          /* Translators: when a snoozed conversation wakes, e.g. "Mon 17 Nov, 09:00" */
          time = when != NULL ? g_date_time_format (when, C_("snooze time", "%a %-d %b, %H:%M")) : NULL;
          if (time != NULL)
            /* Translators: %s is a day and time, e.g. "Mon 17 Nov, 09:00" */
            return g_strdup_printf (C_("conversation status", "Snoozed until %s"), time);
        }
      return g_strdup (C_("conversation status", "Snoozed"));
    }
}

static const char *
status_icon (BottegaConversationStatus status)
{
  switch (status)
    {
    case BOTTEGA_CONVERSATION_OPEN:
      return "mail-unread-symbolic";
    case BOTTEGA_CONVERSATION_PENDING:
      return "document-open-recent-symbolic";
    case BOTTEGA_CONVERSATION_RESOLVED:
      return "object-select-symbolic";
    case BOTTEGA_CONVERSATION_SNOOZED:
    default:
      return "alarm-symbolic";
    }
}

static void
set_accessible_label (gpointer    widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* The header's menus say what they hold in their tooltips too: on a
 * narrow window only their icons show. */
static void
describe_menu (gpointer    button,
               const char *text)
{
  set_accessible_label (button, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), text);
}

static void
update_title (BottegaConversationView *self)
{
  BottegaCustomer *customer;
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;
  const char *channel;

  if (self->conversation == NULL)
    {
      adw_window_title_set_title (self->title, "");
      adw_window_title_set_subtitle (self->title, "");
      return;
    }

  customer = bottega_conversation_get_customer (self->conversation);
  name = bottega_text_one_line (customer != NULL ? bottega_customer_get_name (customer) : NULL, 80);
  if (name[0] == '\0')
    {
      g_free (name);
      name = g_strdup (_("Customer"));
    }
  channel = bottega_channel_get_name (bottega_conversation_get_channel (self->conversation));
  subtitle = g_strdup_printf ("#%" G_GINT64_FORMAT " · %s",
                              bottega_conversation_get_remote_id (self->conversation),
                              channel != NULL ? channel : _("Chat"));
  adw_window_title_set_title (self->title, name);
  adw_window_title_set_subtitle (self->title, subtitle);
}

/* Radio buttons show what the server has: set without activating. */
static void
update_priority_checks (BottegaConversationView *self,
                        const char              *priority)
{
  GtkCheckButton *check = self->priority_none;

  if (g_strcmp0 (priority, "low") == 0)
    check = self->priority_low;
  else if (g_strcmp0 (priority, "medium") == 0)
    check = self->priority_medium;
  else if (g_strcmp0 (priority, "high") == 0)
    check = self->priority_high;
  else if (g_strcmp0 (priority, "urgent") == 0)
    check = self->priority_urgent;
  self->updating_checks = TRUE;
  gtk_check_button_set_active (check, TRUE);
  self->updating_checks = FALSE;
}

static const char * const *
shown_labels (BottegaConversationView *self)
{
  /* While a change is on its way, the set asked for. */
  if (self->wanted_labels != NULL && self->conversation != NULL &&
      self->labels_conversation_id == bottega_conversation_get_id (self->conversation))
    return (const char * const *) self->wanted_labels;
  return bottega_conversation_get_labels (self->conversation);
}

static void
update_label_checks (BottegaConversationView *self)
{
  const char * const *labels = self->conversation != NULL ? shown_labels (self) : NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->labels_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *title = g_object_get_data (G_OBJECT (child), "label-title");

      if (GTK_IS_CHECK_BUTTON (child) && title != NULL)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (child),
                                     labels != NULL && g_strv_contains (labels, title));
    }
}

static void
update_assignee_checks (BottegaConversationView *self)
{
  gint64 assignee = self->conversation != NULL ? bottega_conversation_get_assignee_id (self->conversation) : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->assignee_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gint64 *id = g_object_get_data (G_OBJECT (child), "agent-id");

      if (GTK_IS_CHECK_BUTTON (child) && id != NULL && *id == assignee)
        {
          self->updating_checks = TRUE;
          gtk_check_button_set_active (GTK_CHECK_BUTTON (child), TRUE);
          self->updating_checks = FALSE;
        }
    }
}

/* Radio buttons carry no action (an action without state would make them
 * look like check boxes): the one the user picks activates it. */
static void
on_priority_toggled (BottegaConversationView *self,
                     GtkCheckButton          *check)
{
  const char *priority = g_object_get_data (G_OBJECT (check), "priority");

  if (self->updating_checks || !gtk_check_button_get_active (check))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "conversation.set-priority", "s",
                              priority != NULL ? priority : "");
}

static void
on_assignee_toggled (BottegaConversationView *self,
                     GtkCheckButton          *check)
{
  gint64 *id = g_object_get_data (G_OBJECT (check), "agent-id");

  if (self->updating_checks || !gtk_check_button_get_active (check) || id == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "conversation.assign", "x", *id);
}

static void
update_actions (BottegaConversationView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean can_change = self->conversation != NULL && bottega_conversation_view_engine_for (self->conversation) != NULL;
  BottegaConversationStatus status = self->conversation != NULL
                                     ? bottega_conversation_get_status (self->conversation)
                                     : BOTTEGA_CONVERSATION_OPEN;

  gtk_widget_action_set_enabled (widget, "conversation.resolve", can_change && status != BOTTEGA_CONVERSATION_RESOLVED);
  gtk_widget_action_set_enabled (widget, "conversation.reopen", can_change && status != BOTTEGA_CONVERSATION_OPEN);
  gtk_widget_action_set_enabled (widget, "conversation.pending", can_change && status != BOTTEGA_CONVERSATION_PENDING);
  gtk_widget_action_set_enabled (widget, "conversation.snooze", can_change);
  gtk_widget_action_set_enabled (widget, "conversation.set-priority", can_change);
  gtk_widget_action_set_enabled (widget, "conversation.assign", can_change);
  gtk_widget_action_set_enabled (widget, "conversation.toggle-label", can_change);
  gtk_widget_action_set_enabled (widget, "conversation.edit-labels", can_change);
  /* The menus follow their actions (the radios inside carry none). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->priority_button), can_change);
  gtk_widget_set_sensitive (GTK_WIDGET (self->assignee_button), can_change);
  gtk_widget_action_set_enabled (widget, "conversation.reply", self->conversation != NULL);
  gtk_widget_action_set_enabled (widget, "conversation.show-quoted", self->conversation != NULL);
}

void
bottega_conversation_view_update_header (BottegaConversationView *self)
{
  BottegaConversation *conversation = self->conversation;
  BottegaConversationStatus status;
  g_autofree char *status_string = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *labels_text = NULL;
  g_autofree char *assignee = NULL;
  const char *priority;
  const char * const *labels;

  update_title (self);
  update_actions (self);
  gtk_revealer_set_reveal_child (self->details_revealer, conversation != NULL);
  gtk_widget_set_visible (self->resolve_button, conversation != NULL);
  if (conversation == NULL)
    return;

  /* Status: the header button does the likely next step. */
  status = bottega_conversation_get_status (conversation);
  if (status == BOTTEGA_CONVERSATION_RESOLVED)
    {
      gtk_label_set_text (self->resolve_label, _("Reopen"));
      gtk_image_set_from_icon_name (self->resolve_image, "mail-unread-symbolic");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->resolve_button), "conversation.reopen");
      gtk_widget_set_tooltip_text (self->resolve_button, _("Reopen the Conversation (Ctrl+Shift+R)"));
      set_accessible_label (self->resolve_button, _("Reopen"));
    }
  else
    {
      gtk_label_set_text (self->resolve_label, _("Resolve"));
      gtk_image_set_from_icon_name (self->resolve_image, "object-select-symbolic");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->resolve_button), "conversation.resolve");
      gtk_widget_set_tooltip_text (self->resolve_button, _("Resolve the Conversation (Ctrl+R)"));
      set_accessible_label (self->resolve_button, _("Resolve"));
    }

  status_string = status_text (conversation);
  gtk_label_set_text (self->status_label, status_string);
  gtk_image_set_from_icon_name (self->status_image, status_icon (status));
  /* Translators: the accessible name of the status menu, e.g. "Status: Open" */
  accessible = g_strdup_printf (_("Status: %s"), status_string);
  describe_menu (self->status_button, accessible);
  g_clear_pointer (&accessible, g_free);

  /* Priority */
  priority = bottega_conversation_get_priority (conversation);
  gtk_label_set_text (self->priority_label,
                      priority_name (priority) != NULL ? priority_name (priority) : _("No Priority"));
  /* Translators: the accessible name of the priority menu, e.g. "Priority: Urgent" */
  accessible = g_strdup_printf (_("Priority: %s"),
                                priority_name (priority) != NULL ? priority_name (priority) : C_("priority", "None"));
  describe_menu (self->priority_button, accessible);
  g_clear_pointer (&accessible, g_free);
  update_priority_checks (self, priority);

  /* Assignee */
  if (bottega_conversation_get_assignee_id (conversation) != 0)
    {
      assignee = bottega_text_one_line (bottega_conversation_get_assignee_name (conversation), 40);
      if (assignee[0] == '\0')
        {
          g_free (assignee);
          assignee = g_strdup (_("Assigned"));
        }
    }
  else
    assignee = g_strdup (_("Unassigned"));
  gtk_label_set_text (self->assignee_label, assignee);
  /* Translators: the accessible name of the assignee menu, e.g. "Assignee: Luca Bianchi" */
  accessible = g_strdup_printf (_("Assignee: %s"), assignee);
  describe_menu (self->assignee_button, accessible);
  g_clear_pointer (&accessible, g_free);
  update_assignee_checks (self);

  /* Labels */
  labels = shown_labels (self);
  if (labels != NULL && labels[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) labels);

      labels_text = bottega_text_one_line (joined, 80);
    }
  gtk_label_set_text (self->labels_label, labels_text != NULL ? labels_text : _("Labels"));
  /* Translators: the accessible name of the labels menu, e.g. "Labels: vip, delivery" */
  accessible = g_strdup_printf (_("Labels: %s"), labels_text != NULL ? labels_text : _("none"));
  describe_menu (self->labels_button, accessible);
  update_label_checks (self);
}

/* A menu opened from the keyboard starts on its checked item (or its
 * first), so arrows and Space work at once. */
static void
focus_in_popover (GtkWidget *box,
                  gboolean   radio)
{
  GtkWidget *first = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_CHECK_BUTTON (child))
        continue;
      if (first == NULL)
        first = child;
      if (radio && gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
        {
          first = child;
          break;
        }
    }
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

/* The assignee menu lists the account's agents from the store. */
static void
on_assignee_popover_show (BottegaConversationView *self)
{
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  GtkCheckButton *group = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->assignee_box))) != NULL)
    gtk_box_remove (self->assignee_box, child);
  if (self->store == NULL || self->conversation == NULL)
    return;

  agents = bottega_store_list_agents (self->store, bottega_conversation_get_account_id (self->conversation), &error);
  if (agents == NULL)
    {
      g_warning ("Cannot list the agents: %s", error->message);
      agents = g_ptr_array_new_with_free_func (g_object_unref);
    }

  for (guint i = 0; i <= agents->len; i++)
    {
      BottegaAgent *agent = i > 0 ? g_ptr_array_index (agents, i - 1) : NULL;
      g_autofree char *name = NULL;
      gint64 id = agent != NULL ? bottega_agent_get_remote_id (agent) : 0;
      GtkWidget *check;

      if (agent != NULL)
        {
          const char *available = bottega_agent_get_available_name (agent);

          name = bottega_text_one_line (available != NULL && *available != '\0'
                                        ? available : bottega_agent_get_name (agent), 60);
        }
      else
        name = g_strdup (C_("assignee", "Nobody"));

      check = gtk_check_button_new_with_label (name);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      g_object_set_data_full (G_OBJECT (check), "agent-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_box_append (self->assignee_box, check);
    }

  update_assignee_checks (self);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->assignee_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_signal_connect_object (child, "toggled", G_CALLBACK (on_assignee_toggled), self, G_CONNECT_SWAPPED);
  focus_in_popover (GTK_WIDGET (self->assignee_box), TRUE);
}

/* The labels menu: a check button for every label of the account. */
static void
on_labels_popover_show (BottegaConversationView *self)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->labels_box))) != NULL)
    gtk_box_remove (self->labels_box, child);
  if (self->store == NULL || self->conversation == NULL)
    return;

  labels = bottega_store_list_labels (self->store, bottega_conversation_get_account_id (self->conversation), &error);
  if (labels == NULL)
    {
      g_warning ("Cannot list the labels: %s", error->message);
      labels = g_ptr_array_new_with_free_func (g_object_unref);
    }

  if (labels->len == 0)
    {
      GtkWidget *empty = gtk_label_new (_("This account has no labels yet"));

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_box_append (self->labels_box, empty);
      return;
    }

  for (guint i = 0; i < labels->len; i++)
    {
      BottegaLabel *label = g_ptr_array_index (labels, i);
      const char *title = bottega_label_get_title (label);
      g_autofree char *shown = NULL;
      GtkWidget *check;

      if (title == NULL || *title == '\0')
        continue;
      shown = bottega_text_one_line (title, 60);
      check = gtk_check_button_new_with_label (shown);
      g_object_set_data_full (G_OBJECT (check), "label-title", g_strdup (title), g_free);
      if (bottega_label_get_description (label) != NULL)
        {
          g_autofree char *description = bottega_text_one_line (bottega_label_get_description (label), 120);

          gtk_widget_set_tooltip_text (check, description);
        }
      gtk_actionable_set_action_name (GTK_ACTIONABLE (check), "conversation.toggle-label");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (check), "s", title);
      gtk_box_append (self->labels_box, check);
    }

  update_label_checks (self);
  focus_in_popover (GTK_WIDGET (self->labels_box), FALSE);
}

static void
on_priority_popover_show (BottegaConversationView *self)
{
  focus_in_popover (gtk_widget_get_parent (GTK_WIDGET (self->priority_none)), TRUE);
}

static void
edit_labels_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BottegaConversationView *self = BOTTEGA_CONVERSATION_VIEW (widget);

  gtk_menu_button_popup (self->labels_button);
}

/* The store changed: show the conversation as it is now (a change made
 * here, by another agent, or by the customer). */
void
bottega_conversation_view_conversations_changed (BottegaConversationView *self,
                                                 gint64                   account_id,
                                                 BottegaStore            *store)
{
  g_autoptr(BottegaConversation) fresh = NULL;
  g_autoptr(GError) error = NULL;

  if (self->conversation == NULL ||
      (account_id != 0 && account_id != bottega_conversation_get_account_id (self->conversation)))
    return;

  fresh = bottega_store_get_conversation (store, bottega_conversation_get_id (self->conversation), &error);
  if (fresh == NULL)
    {
      if (!g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND) &&
          !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
        g_warning ("Cannot read the conversation: %s", error->message);
      return;
    }

  g_set_object (&self->conversation, fresh);
  bottega_conversation_view_update_header (self);
}

/* ---- setting up ---- */

void
bottega_conversation_view_header_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_assignee_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_labels_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_priority_popover_show);
  gtk_widget_class_install_action (widget_class, "conversation.resolve", NULL, resolve_activated);
  gtk_widget_class_install_action (widget_class, "conversation.reopen", NULL, reopen_activated);
  gtk_widget_class_install_action (widget_class, "conversation.pending", NULL, pending_activated);
  gtk_widget_class_install_action (widget_class, "conversation.snooze", "s", snooze_activated);
  gtk_widget_class_install_action (widget_class, "conversation.set-priority", "s", set_priority_activated);
  gtk_widget_class_install_action (widget_class, "conversation.assign", "x", assign_activated);
  gtk_widget_class_install_action (widget_class, "conversation.toggle-label", "s", toggle_label_activated);
  gtk_widget_class_install_action (widget_class, "conversation.edit-labels", NULL, edit_labels_activated);
}

/* Up and Down move between the labels' check boxes; GTK would otherwise
 * toggle the focused one, adding or removing a label at every press. */
static gboolean
on_labels_key_pressed (BottegaConversationView *self,
                       guint                    keyval,
                       guint                    keycode,
                       GdkModifierType          state,
                       GtkEventControllerKey   *controller)
{
  GtkDirectionType direction;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    direction = GTK_DIR_TAB_FORWARD;
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    direction = GTK_DIR_TAB_BACKWARD;
  else
    return GDK_EVENT_PROPAGATE;

  gtk_widget_child_focus (GTK_WIDGET (self->labels_box), direction);
  return GDK_EVENT_STOP;
}

void
bottega_conversation_view_header_init (BottegaConversationView *self)
{
  GtkEventController *keys;
  GtkCheckButton *checks[] = { self->priority_none, self->priority_low, self->priority_medium,
                               self->priority_high, self->priority_urgent };
  static const char * const values[] = { "", "low", "medium", "high", "urgent" };

  /* Priority is one of five: radio buttons. */
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      if (i > 0)
        gtk_check_button_set_group (checks[i], self->priority_none);
      g_object_set_data (G_OBJECT (checks[i]), "priority", (gpointer) values[i]);
      g_signal_connect_object (checks[i], "toggled", G_CALLBACK (on_priority_toggled),
                               self, G_CONNECT_SWAPPED);
    }

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_labels_key_pressed),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->labels_box), keys);
}
