/* bottega-preferences-window.c: the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bottega-application.h"
#include "bottega-catalog-page.h"
#include "bottega-catalog-sync.h"
#include "bottega-connect-dialog.h"
#include "bottega-preferences-window.h"
#include "bottega-text.h"

struct _BottegaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template */
  AdwActionRow         *enter_sends_row;
  GtkSwitch            *enter_sends_switch;
  AdwActionRow         *notify_row;
  GtkSwitch            *notify_switch;
  AdwActionRow         *waiting_row;
  GtkSpinButton        *waiting_spin;
  AdwPreferencesPage   *accounts_page;
  AdwPreferencesPage   *catalog_page;

  BottegaApplication   *application;
  BottegaStore         *store;
  GCancellable         *cancellable;
  GPtrArray            *account_groups;  /* the groups made for the accounts */
  GPtrArray            *catalog_groups;
  guint                 refresh_id;
};

G_DEFINE_FINAL_TYPE (BottegaPreferencesWindow, bottega_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (BottegaPreferencesWindow *self,
       const char               *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), bottega_toast_new (text));
}

static const char *
account_title (BottegaAccount *account)
{
  const char *name = bottega_account_get_name (account);

  return name != NULL && name[0] != '\0' ? name : bottega_account_get_url (account);
}

static gboolean
account_needs_auth (BottegaPreferencesWindow *self,
                    BottegaAccount           *account)
{
  BottegaSyncEngine *engine;

  if (bottega_account_get_needs_auth (account))
    return TRUE;
  engine = bottega_application_get_engine (self->application, bottega_account_get_id (account));
  return engine != NULL && bottega_sync_engine_get_state (engine) == BOTTEGA_SYNC_STATE_NEEDS_AUTH;
}

/* A control's name for screen readers: its visible text without the
 * mnemonic's underscore (GTK 4.8 would read the underscore out). */
static void
set_accessible_label (GtkWidget  *widget,
                      const char *mnemonic)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (const char *p = mnemonic; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (text, *p);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str, -1);
}

/* A button at the end of a row, acting on one account. */
static GtkWidget *
row_button_new (const char *label,
                const char *action_name,
                gint64      account_id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  set_accessible_label (button, label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (account_id));
  return button;
}

static GtkWidget *
row_new (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
clear_groups (AdwPreferencesPage *page,
              GPtrArray          *groups)
{
  for (guint i = 0; i < groups->len; i++)
    adw_preferences_page_remove (page, g_ptr_array_index (groups, i));
  g_ptr_array_set_size (groups, 0);
}

/* ---- accounts ---- */

static GtkWidget *
account_group_new (BottegaPreferencesWindow *self,
                   BottegaAccount           *account)
{
  GtkWidget *group = adw_preferences_group_new ();
  gint64 id = bottega_account_get_id (account);
  gboolean is_demo = bottega_account_get_is_demo (account);
  const char *user = bottega_account_get_user_name (account);
  g_autofree char *state = NULL;
  GtkWidget *row;
  GtkWidget *button;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), account_title (account));
  gtk_accessible_update_property (GTK_ACCESSIBLE (group), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  account_title (account), -1);
  if (is_demo)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("The demo shop runs on this computer, with made-up customers."));
  else
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), bottega_account_get_url (account));

  /* Signed in, or waiting for a new token. */
  if (account_needs_auth (self, account))
    {
      row = row_new (_("Needs Signing In"),
                     _("The server refused the access token. Conversations and unsent replies are kept until you sign in again."));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
    }
  else
    {
      if (user != NULL && user[0] != '\0')
        /* Translators: %s is the agent's name in the account */
        state = g_strdup_printf (_("Signed in as %s"), user);
      row = row_new (state != NULL ? state : _("Signed In"), NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
    }
  if (!is_demo)
    {
      button = row_button_new (_("_Sign In Again…"), "preferences.sign-in", id);
      if (account_needs_auth (self, account))
        gtk_widget_add_css_class (button, "suggested-action");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  if (is_demo)
    {
      row = row_new (_("Start Over"),
                     _("The demo shop’s conversations and replies are deleted and it opens again as on the first run"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button_new (_("_Reset Demo Shop…"), "preferences.reset-demo", id));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  row = row_new (_("Remove Account"),
                 _("Deletes its conversations from this computer and its access token from the keyring; nothing is deleted on the server"));
  button = row_button_new (_("_Remove…"), "preferences.remove-account", id);
  gtk_widget_add_css_class (button, "destructive-action");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return group;
}

/* ---- the catalog ---- */

/* Positions of the source row's choices. */
enum {
  SOURCE_NONE,
  SOURCE_GRAPH,
  SOURCE_FEED,
};

typedef struct {
  BottegaPreferencesWindow *self;     /* weak: the group goes before the window */
  BottegaAccount           *account;
  AdwComboRow              *source_row;
  AdwEntryRow              *catalog_id_row;
  AdwPasswordEntryRow      *token_row;
  AdwActionRow             *feed_row;
  AdwActionRow             *status_row;
  GtkWidget                *skipped_button;
  GtkWidget                *refresh_button;
  BottegaCatalogSourceInfo *source;   /* as stored */
  BottegaCatalogReport     *report;   /* of the last job here that had one */
  BottegaCatalogKind        report_kind;
  gboolean                  updating;
  gboolean                  busy;
} CatalogGroup;

static void
catalog_group_free (CatalogGroup *group)
{
  if (group->self != NULL)
    g_object_remove_weak_pointer (G_OBJECT (group->self), (gpointer *) &group->self);
  g_clear_object (&group->account);
  g_clear_pointer (&group->source, bottega_catalog_source_info_free);
  g_clear_pointer (&group->report, bottega_catalog_report_free);
  g_free (group);
}

static gint64
catalog_account_id (CatalogGroup *group)
{
  return bottega_account_get_id (group->account);
}

static void
update_catalog_rows (CatalogGroup *group)
{
  BottegaPreferencesWindow *self = group->self;
  const BottegaCatalogSourceInfo *source = group->source;
  guint kind = adw_combo_row_get_selected (group->source_row);
  g_autofree char *products = NULL;
  g_autofree char *status = NULL;
  guint n;

  gtk_widget_set_visible (GTK_WIDGET (group->catalog_id_row), kind == SOURCE_GRAPH);
  gtk_widget_set_visible (GTK_WIDGET (group->token_row), kind == SOURCE_GRAPH);
  gtk_widget_set_visible (GTK_WIDGET (group->feed_row), kind == SOURCE_FEED);

  if (source->kind == BOTTEGA_CATALOG_KIND_FEED && source->feed_path != NULL)
    {
      g_autofree char *name = g_filename_display_name (source->feed_path);

      adw_action_row_set_subtitle (group->feed_row, name);
    }
  else
    {
      adw_action_row_set_subtitle (group->feed_row, _("No file chosen"));
    }

  gtk_widget_set_visible (GTK_WIDGET (group->status_row), source->kind != BOTTEGA_CATALOG_KIND_NONE);
  gtk_widget_set_sensitive (group->refresh_button, !group->busy);
  if (source->kind == BOTTEGA_CATALOG_KIND_NONE || self == NULL || self->store == NULL)
    return;

  n = bottega_store_count_products (self->store, catalog_account_id (group));
  products = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product", "%u products", n), n);

  if (group->busy)
    {
      status = g_strdup (_("Updating…"));
    }
  else if (source->last_error != NULL && source->attempted_at >= source->refreshed_at)
    {
      /* Translators: %s is the reason */
      status = g_strdup_printf (_("The last update failed: %s"), source->last_error);
    }
  else if (source->refreshed_at > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (source->refreshed_at);
      /* Translators: a date and time in the locale's format, as strftime() writes it */
      g_autofree char *text = when != NULL ? g_date_time_format (when, _("%x %X")) : NULL;

      /* Translators: %s is a date and time */
      status = g_strdup_printf (_("Updated %s"), text != NULL ? text : "");
    }
  else
    {
      status = g_strdup (_("Not updated yet"));
    }

  {
    /* Translators: how many products, then how the last update went */
    g_autofree char *subtitle = g_strdup_printf (C_("catalog status", "%s — %s"), products, status);

    adw_action_row_set_subtitle (group->status_row, subtitle);
  }
}

/* The skipped lines of the last job, behind a button of the status row
 * (the toast's "Details" goes there too). Takes @report; NULL forgets. */
static void
keep_report (CatalogGroup         *group,
             BottegaCatalogReport *report,
             BottegaCatalogKind    kind)
{
  gboolean skipped = report != NULL && report->n_skipped > 0;

  g_clear_pointer (&group->report, bottega_catalog_report_free);
  group->report = report;
  group->report_kind = kind;
  if (skipped)
    {
      g_autofree char *label = bottega_catalog_report_skipped_label (report, kind);

      gtk_button_set_label (GTK_BUTTON (group->skipped_button), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (group->skipped_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
    }
  gtk_widget_set_visible (group->skipped_button, skipped);
}

static void
on_show_skipped (GtkButton    *button,
                 CatalogGroup *group)
{
  if (group->report != NULL && group->report->n_skipped > 0)
    bottega_catalog_report_show_details (GTK_WIDGET (button), group->report, group->report_kind);
}

static void
on_toast_details (GtkWidget *skipped_button)
{
  if (gtk_widget_get_visible (skipped_button))
    gtk_widget_activate (skipped_button);
}

typedef enum {
  CATALOG_JOB_NONE,    /* no source */
  CATALOG_JOB_GRAPH,   /* Meta's catalog: set it (and its token), then refresh */
  CATALOG_JOB_FEED,    /* import a feed file */
  CATALOG_JOB_REFRESH, /* refresh from the source as it is */
} CatalogJobKind;

typedef struct {
  CatalogJobKind  kind;
  BottegaStore   *store;
  BottegaAccount *account;
  char           *catalog_id;
  char           *token;
  char           *path;
} CatalogJob;

static void
catalog_job_free (CatalogJob *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->account);
  g_free (job->catalog_id);
  if (job->token != NULL)
    memset (job->token, 0, strlen (job->token));
  g_free (job->token);
  g_free (job->path);
  g_free (job);
}

static void
catalog_job_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  CatalogJob *job = task_data;
  gint64 account_id = bottega_account_get_id (job->account);
  BottegaCatalogReport *report = NULL;
  GError *error = NULL;

  switch (job->kind)
    {
    case CATALOG_JOB_NONE:
      {
        BottegaCatalogSourceInfo none = { BOTTEGA_CATALOG_KIND_NONE, NULL, NULL, NULL, 0, 0, NULL };

        if (!bottega_store_set_catalog_source (job->store, account_id, &none, &error))
          {
            g_task_return_error (task, error);
            return;
          }
        g_task_return_pointer (task, NULL, NULL);
        return;
      }
    case CATALOG_JOB_GRAPH:
      if (!bottega_catalog_sync_set_graph_source (job->store, account_id, NULL, job->catalog_id, job->token,
                                                  cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      report = bottega_catalog_sync_refresh (job->store, job->account, cancellable, &error);
      break;
    case CATALOG_JOB_FEED:
      report = bottega_catalog_sync_import_file (job->store, account_id, job->path, cancellable, &error);
      break;
    case CATALOG_JOB_REFRESH:
    default:
      report = bottega_catalog_sync_refresh (job->store, job->account, cancellable, &error);
      break;
    }

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) bottega_catalog_report_free);
}

typedef struct {
  BottegaPreferencesWindow *self;
  gint64                    account_id;
  BottegaCatalogKind        kind;        /* of the source the report is about */
} CatalogJobDone;

static CatalogGroup *
find_catalog_group (BottegaPreferencesWindow *self,
                    gint64                    account_id)
{
  for (guint i = 0; self->catalog_groups != NULL && i < self->catalog_groups->len; i++)
    {
      CatalogGroup *group = g_object_get_data (g_ptr_array_index (self->catalog_groups, i), "catalog-group");

      if (group != NULL && catalog_account_id (group) == account_id)
        return group;
    }

  return NULL;
}

static void
catalog_job_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CatalogJobDone *done = user_data;
  g_autoptr(BottegaPreferencesWindow) self = done->self;
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(GError) error = NULL;
  BottegaCatalogKind kind = done->kind;
  CatalogGroup *group;

  report = g_task_propagate_pointer (G_TASK (result), &error);
  group = find_catalog_group (self, done->account_id);
  g_free (done);

  if (group != NULL)
    {
      group->busy = FALSE;
      update_catalog_rows (group);
    }

  if (error != NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is the reason */
      text = g_strdup_printf (_("The catalog was not updated: %s"), error->message);
      toast (self, text);
      return;
    }

  if (report != NULL)
    {
      AdwToast *report_toast = bottega_catalog_report_toast_new (report);

      if (group != NULL)
        {
          g_signal_connect_object (report_toast, "button-clicked", G_CALLBACK (on_toast_details),
                                   group->skipped_button, G_CONNECT_SWAPPED);
          keep_report (group, g_steal_pointer (&report), kind);
        }
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), report_toast);
    }
}

/* Runs @job for the group's account on a worker thread (the store's and
 * the keyring's blocking calls must stay off this one). */
static void
run_catalog_job (CatalogGroup *group,
                 CatalogJob   *job)
{
  BottegaPreferencesWindow *self = group->self;
  g_autoptr(GTask) task = NULL;
  CatalogJobDone *done;

  if (self == NULL || self->store == NULL)
    {
      catalog_job_free (job);
      return;
    }

  job->store = g_object_ref (self->store);
  job->account = g_object_ref (group->account);
  done = g_new0 (CatalogJobDone, 1);
  done->self = g_object_ref (self);
  done->account_id = catalog_account_id (group);
  switch (job->kind)
    {
    case CATALOG_JOB_GRAPH:
      done->kind = BOTTEGA_CATALOG_KIND_GRAPH;
      break;
    case CATALOG_JOB_FEED:
      done->kind = BOTTEGA_CATALOG_KIND_FEED;
      break;
    case CATALOG_JOB_NONE:
    case CATALOG_JOB_REFRESH:
    default:
      done->kind = group->source->kind;
      break;
    }
  /* What an earlier job skipped is no longer the catalog's story. */
  keep_report (group, NULL, BOTTEGA_CATALOG_KIND_NONE);

  group->busy = job->kind != CATALOG_JOB_NONE;
  update_catalog_rows (group);

  task = g_task_new (NULL, self->cancellable, catalog_job_done, done);
  g_task_set_source_tag (task, run_catalog_job);
  g_task_set_task_data (task, job, (GDestroyNotify) catalog_job_free);
  g_task_run_in_thread (task, catalog_job_thread);
}

static void
start_graph_job (CatalogGroup *group,
                 const char   *catalog_id,
                 const char   *token)
{
  CatalogJob *job = g_new0 (CatalogJob, 1);

  job->kind = CATALOG_JOB_GRAPH;
  job->catalog_id = g_strdup (catalog_id);
  job->token = g_strdup (token);
  run_catalog_job (group, job);
}

static void
start_feed_job (CatalogGroup *group,
                const char   *path)
{
  CatalogJob *job = g_new0 (CatalogJob, 1);

  job->kind = CATALOG_JOB_FEED;
  job->path = g_strdup (path);
  run_catalog_job (group, job);
}

static void
on_source_selected (AdwComboRow  *row,
                    GParamSpec   *pspec,
                    CatalogGroup *group)
{
  const BottegaCatalogSourceInfo *source = group->source;

  if (group->updating)
    return;

  switch (adw_combo_row_get_selected (row))
    {
    case SOURCE_GRAPH:
      /* Saved once it has its catalog id. */
      if (source->kind != BOTTEGA_CATALOG_KIND_GRAPH && source->catalog_id != NULL)
        start_graph_job (group, source->catalog_id, NULL);
      break;
    case SOURCE_FEED:
      /* Saved once it has its file. */
      if (source->kind != BOTTEGA_CATALOG_KIND_FEED && source->feed_path != NULL)
        start_feed_job (group, source->feed_path);
      break;
    case SOURCE_NONE:
    default:
      if (source->kind != BOTTEGA_CATALOG_KIND_NONE)
        {
          CatalogJob *job = g_new0 (CatalogJob, 1);

          job->kind = CATALOG_JOB_NONE;
          run_catalog_job (group, job);
        }
      break;
    }

  update_catalog_rows (group);
}

static char *
entered_catalog_id (CatalogGroup *group)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (group->catalog_id_row)));

  g_strstrip (text);
  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
on_catalog_id_applied (AdwEntryRow  *row,
                       CatalogGroup *group)
{
  g_autofree char *catalog_id = entered_catalog_id (group);

  if (catalog_id == NULL)
    return;
  start_graph_job (group, catalog_id, NULL);
}

static void
on_token_applied (AdwPasswordEntryRow *row,
                  CatalogGroup        *group)
{
  g_autofree char *catalog_id = entered_catalog_id (group);
  g_autofree char *token = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  /* The token lives in the keyring only, not in the entry. */
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  if (token[0] == '\0')
    return;

  if (catalog_id == NULL)
    {
      if (group->self != NULL)
        toast (group->self, _("Enter the catalog ID first"));
      memset (token, 0, strlen (token));
      return;
    }

  start_graph_job (group, catalog_id, token);
  memset (token, 0, strlen (token));
}

static void
on_feed_chosen (GtkNativeDialog *chooser,
                int              response,
                CatalogGroup    *group)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);

  if (path != NULL)
    start_feed_job (group, path);
  else if (file != NULL && group->self != NULL)
    toast (group->self, _("Choose a file on this computer"));

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_choose_feed (GtkButton    *button,
                CatalogGroup *group)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) feeds = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (group->self == NULL)
    return;

  /* GtkFileChooserNative: through the file chooser portal inside Flatpak,
   * which lends Bottega this one file. */
  chooser = gtk_file_chooser_native_new (_("Choose a Product Feed"), GTK_WINDOW (group->self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (feeds, _("Product feeds (CSV, TSV)"));
  gtk_file_filter_add_mime_type (feeds, "text/csv");
  gtk_file_filter_add_mime_type (feeds, "text/tab-separated-values");
  gtk_file_filter_add_suffix (feeds, "csv");
  gtk_file_filter_add_suffix (feeds, "tsv");
  gtk_file_filter_add_suffix (feeds, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), feeds);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect (chooser, "response", G_CALLBACK (on_feed_chosen), group);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_refresh_catalog (GtkButton    *button,
                    CatalogGroup *group)
{
  CatalogJob *job = g_new0 (CatalogJob, 1);

  job->kind = CATALOG_JOB_REFRESH;
  run_catalog_job (group, job);
}

static GtkWidget *
catalog_group_new (BottegaPreferencesWindow *self,
                   BottegaAccount           *account)
{
  g_autoptr(GError) error = NULL;
  const char *const choices[] = {
    C_("catalog source", "None"),
    C_("catalog source", "Meta Catalog"),
    C_("catalog source", "Product Feed File"),
    NULL
  };
  g_autoptr(GtkStringList) model = gtk_string_list_new (choices);
  GtkWidget *widget = adw_preferences_group_new ();
  AdwPreferencesGroup *group_widget = ADW_PREFERENCES_GROUP (widget);
  gboolean is_demo = bottega_account_get_is_demo (account);
  CatalogGroup *group;
  GtkWidget *button;

  group = g_new0 (CatalogGroup, 1);
  group->self = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &group->self);
  group->account = g_object_ref (account);
  group->source = bottega_store_get_catalog_source (self->store, bottega_account_get_id (account), &error);
  if (group->source == NULL)
    {
      g_warning ("Cannot read the catalog source of an account: %s", error->message);
      group->source = g_new0 (BottegaCatalogSourceInfo, 1);
    }
  g_object_set_data_full (G_OBJECT (widget), "catalog-group", group, (GDestroyNotify) catalog_group_free);

  adw_preferences_group_set_title (group_widget, account_title (account));
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  account_title (account), -1);

  group->source_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (group->source_row), _("Source"));
  adw_combo_row_set_model (group->source_row, G_LIST_MODEL (model));
  adw_preferences_group_add (group_widget, GTK_WIDGET (group->source_row));

  group->catalog_id_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (group->catalog_id_row), _("Catalog ID"));
  adw_entry_row_set_show_apply_button (group->catalog_id_row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (group->catalog_id_row),
                         group->source->catalog_id != NULL ? group->source->catalog_id : "");
  g_signal_connect (group->catalog_id_row, "apply", G_CALLBACK (on_catalog_id_applied), group);
  adw_preferences_group_add (group_widget, GTK_WIDGET (group->catalog_id_row));

  group->token_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (group->token_row), _("Catalog Access Token"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (group->token_row), TRUE);
  g_signal_connect (group->token_row, "apply", G_CALLBACK (on_token_applied), group);
  adw_preferences_group_add (group_widget, GTK_WIDGET (group->token_row));

  group->feed_row = ADW_ACTION_ROW (row_new (_("Product Feed File"), NULL));
  button = gtk_button_new_with_mnemonic (_("_Choose…"));
  set_accessible_label (button, _("_Choose…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", G_CALLBACK (on_choose_feed), group);
  adw_action_row_add_suffix (group->feed_row, button);
  adw_action_row_set_activatable_widget (group->feed_row, button);
  adw_preferences_group_add (group_widget, GTK_WIDGET (group->feed_row));

  group->status_row = ADW_ACTION_ROW (row_new (_("Products"), NULL));
  group->skipped_button = gtk_button_new ();
  gtk_widget_set_visible (group->skipped_button, FALSE);
  gtk_widget_set_valign (group->skipped_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (group->skipped_button, "flat");
  gtk_widget_set_tooltip_text (group->skipped_button, _("Which lines were left out, and why"));
  g_signal_connect (group->skipped_button, "clicked", G_CALLBACK (on_show_skipped), group);
  adw_action_row_add_suffix (group->status_row, group->skipped_button);
  group->refresh_button = gtk_button_new_with_mnemonic (_("_Update Now"));
  set_accessible_label (group->refresh_button, _("_Update Now"));
  gtk_widget_set_valign (group->refresh_button, GTK_ALIGN_CENTER);
  g_signal_connect (group->refresh_button, "clicked", G_CALLBACK (on_refresh_catalog), group);
  adw_action_row_add_suffix (group->status_row, group->refresh_button);
  adw_preferences_group_add (group_widget, GTK_WIDGET (group->status_row));

  /* The demo shop sells from its own catalog, whatever is chosen. */
  if (is_demo)
    {
      adw_preferences_group_set_description (group_widget, _("The demo shop’s own catalog"));
      gtk_widget_set_visible (GTK_WIDGET (group->source_row), FALSE);
    }

  group->updating = TRUE;
  switch (group->source->kind)
    {
    case BOTTEGA_CATALOG_KIND_GRAPH:
      adw_combo_row_set_selected (group->source_row, is_demo ? SOURCE_NONE : SOURCE_GRAPH);
      break;
    case BOTTEGA_CATALOG_KIND_FEED:
      adw_combo_row_set_selected (group->source_row, SOURCE_FEED);
      break;
    case BOTTEGA_CATALOG_KIND_NONE:
    default:
      adw_combo_row_set_selected (group->source_row, SOURCE_NONE);
      break;
    }
  group->updating = FALSE;
  g_signal_connect (group->source_row, "notify::selected", G_CALLBACK (on_source_selected), group);
  update_catalog_rows (group);

  return widget;
}

/* ---- both pages, from the store ---- */

static void
refresh (BottegaPreferencesWindow *self)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  clear_groups (self->accounts_page, self->account_groups);
  clear_groups (self->catalog_page, self->catalog_groups);

  if (self->store == NULL)
    return;

  accounts = bottega_store_list_accounts (self->store, &error);
  if (accounts == NULL)
    {
      g_warning ("Cannot read the accounts: %s", error->message);
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      BottegaAccount *account = g_ptr_array_index (accounts, i);
      GtkWidget *group;

      group = account_group_new (self, account);
      adw_preferences_page_add (self->accounts_page, ADW_PREFERENCES_GROUP (group));
      g_ptr_array_add (self->account_groups, group);

      group = catalog_group_new (self, account);
      adw_preferences_page_add (self->catalog_page, ADW_PREFERENCES_GROUP (group));
      g_ptr_array_add (self->catalog_groups, group);
    }
}

static gboolean
refresh_idle (gpointer user_data)
{
  BottegaPreferencesWindow *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Several changes in a row make one rebuild. */
static void
schedule_refresh (BottegaPreferencesWindow *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle, self);
}

static void
on_catalog_changed (BottegaPreferencesWindow *self,
                    gint64                    account_id)
{
  /* The source as stored now: refreshed, failed, or changed elsewhere. */
  for (guint i = 0; i < self->catalog_groups->len; i++)
    {
      CatalogGroup *group = g_object_get_data (g_ptr_array_index (self->catalog_groups, i), "catalog-group");
      BottegaCatalogSourceInfo *source;

      if (group == NULL || catalog_account_id (group) != account_id)
        continue;
      source = bottega_store_get_catalog_source (self->store, account_id, NULL);
      if (source == NULL)
        return;
      bottega_catalog_source_info_free (group->source);
      group->source = source;
      update_catalog_rows (group);
      return;
    }
}

/* ---- actions ---- */

static void
add_account_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BottegaPreferencesWindow *self = BOTTEGA_PREFERENCES_WINDOW (widget);
  BottegaConnectDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = bottega_connect_dialog_new (GTK_WINDOW (self), self->application, self->store);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_in_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BottegaPreferencesWindow *self = BOTTEGA_PREFERENCES_WINDOW (widget);
  g_autoptr(BottegaAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  BottegaConnectDialog *dialog;

  if (self->store == NULL)
    return;

  account = bottega_store_get_account (self->store, g_variant_get_int64 (parameter), &error);
  if (account == NULL)
    {
      toast (self, error->message);
      return;
    }

  /* The connect dialog's token flow: the new token replaces the old one
   * in the keyring and the account's sync resumes with it. */
  dialog = bottega_connect_dialog_new (GTK_WINDOW (self), self->application, self->store);
  bottega_connect_dialog_set_url (dialog, bottega_account_get_url (account));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  BottegaPreferencesWindow *self;
  char                     *title;
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  g_clear_object (&data->self);
  g_free (data->title);
  g_free (data);
}

static void
account_removed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RemoveData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!bottega_application_remove_account_finish (BOTTEGA_APPLICATION (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s is the reason */
          text = g_strdup_printf (_("The account was not removed completely: %s"), error->message);
          toast (data->self, text);
        }
    }
  else
    {
      /* Translators: %s is the account's name */
      text = g_strdup_printf (_("“%s” was removed"), data->title);
      toast (data->self, text);
    }

  remove_data_free (data);
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    RemoveData       *data)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "account-id"));

  if (g_strcmp0 (response, "remove") != 0)
    {
      remove_data_free (data);
      return;
    }

  bottega_application_remove_account_async (data->self->application, id, data->self->cancellable,
                                            account_removed, data);
}

static void
remove_account_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  BottegaPreferencesWindow *self = BOTTEGA_PREFERENCES_WINDOW (widget);
  g_autoptr(BottegaAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *lost = NULL;
  const char *what;
  GtkWidget *dialog;
  RemoveData *data;
  gint64 id = g_variant_get_int64 (parameter);
  guint waiting;

  if (self->store == NULL)
    return;

  account = bottega_store_get_account (self->store, id, &error);
  if (account == NULL)
    {
      toast (self, error->message);
      return;
    }

  /* Translators: %s is the account's name */
  heading = g_strdup_printf (_("Remove “%s”?"), account_title (account));
  if (bottega_account_get_is_demo (account))
    what = _("The demo shop’s conversations, customers and replies are deleted from this computer. "
             "You can open a new demo shop from the main menu.");
  else
    what = _("Its conversations, customers, drafts and downloaded attachments are deleted from this "
             "computer, and its access token from your keyring. Nothing is deleted on the server: "
             "adding the account again brings its conversations back.");

  waiting = bottega_store_outbox_count (self->store, id);
  if (waiting > 0)
    lost = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u reply that was not sent yet will be lost.",
                                         "%u replies that were not sent yet will be lost.", waiting),
                            waiting);
  body = lost != NULL ? g_strconcat (what, "\n\n", lost, NULL) : g_strdup (what);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "account-id", GSIZE_TO_POINTER (id));

  data = g_new0 (RemoveData, 1);
  data->self = g_object_ref (self);
  data->title = g_strdup (account_title (account));
  g_signal_connect (dialog, "response", G_CALLBACK (on_remove_response), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
demo_reset (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BottegaPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bottega_application_reset_demo_finish (BOTTEGA_APPLICATION (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = NULL;

          /* Translators: %s is the reason */
          text = g_strdup_printf (_("Cannot reset the demo shop: %s"), error->message);
          toast (self, text);
        }
      return;
    }

  toast (self, _("The demo shop starts over"));
}

static void
on_reset_response (AdwMessageDialog         *dialog,
                   const char               *response,
                   BottegaPreferencesWindow *self)
{
  if (g_strcmp0 (response, "reset") != 0)
    return;

  bottega_application_reset_demo_async (self->application, self->cancellable, demo_reset, g_object_ref (self));
}

static void
reset_demo_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BottegaPreferencesWindow *self = BOTTEGA_PREFERENCES_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Reset the Demo Shop?"),
                                   _("Its conversations, customers and your replies are deleted, and the demo "
                                     "shop opens again as on the first run. Your other accounts are not touched."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reset", _("_Reset"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reset", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ---- */

static void
bottega_preferences_window_dispose (GObject *object)
{
  BottegaPreferencesWindow *self = BOTTEGA_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->application);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bottega_preferences_window_parent_class)->dispose (object);

  /* The groups went with the pages, above. */
  g_clear_pointer (&self->account_groups, g_ptr_array_unref);
  g_clear_pointer (&self->catalog_groups, g_ptr_array_unref);
}

static void
bottega_preferences_window_class_init (BottegaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bottega_chat/Bottega/bottega-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaPreferencesWindow, enter_sends_row);
  gtk_widget_class_bind_template_child (widget_class, BottegaPreferencesWindow, enter_sends_switch);
  gtk_widget_class_bind_template_child (widget_class, BottegaPreferencesWindow, notify_row);
  gtk_widget_class_bind_template_child (widget_class, BottegaPreferencesWindow, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, BottegaPreferencesWindow, waiting_row);
  gtk_widget_class_bind_template_child (widget_class, BottegaPreferencesWindow, waiting_spin);
  gtk_widget_class_bind_template_child (widget_class, BottegaPreferencesWindow, accounts_page);
  gtk_widget_class_bind_template_child (widget_class, BottegaPreferencesWindow, catalog_page);

  gtk_widget_class_install_action (widget_class, "preferences.add-account", NULL, add_account_activated);
  gtk_widget_class_install_action (widget_class, "preferences.sign-in", "x", sign_in_activated);
  gtk_widget_class_install_action (widget_class, "preferences.remove-account", "x", remove_account_activated);
  gtk_widget_class_install_action (widget_class, "preferences.reset-demo", "x", reset_demo_activated);
}

static void
bottega_preferences_window_init (BottegaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->account_groups = g_ptr_array_new ();
  self->catalog_groups = g_ptr_array_new ();

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

BottegaPreferencesWindow *
bottega_preferences_window_new (GtkWindow          *parent,
                                BottegaApplication *application)
{
  BottegaPreferencesWindow *self;
  GSettings *settings;
  gboolean has_store;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BOTTEGA_IS_APPLICATION (application), NULL);

  self = g_object_new (BOTTEGA_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->application = g_object_ref (application);

  settings = bottega_application_get_settings (application);
  if (settings != NULL)
    {
      g_settings_bind (settings, "enter-sends", self->enter_sends_switch, "active", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "notify-new-messages", self->notify_switch, "active", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "waiting-threshold-minutes", self->waiting_spin, "value", G_SETTINGS_BIND_DEFAULT);
    }
  else
    {
      /* Without the schema nothing would be kept. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->enter_sends_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->notify_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->waiting_row), FALSE);
    }

  self->store = bottega_application_get_store (application);
  if (self->store != NULL)
    {
      g_object_ref (self->store);
      g_signal_connect_object (self->store, "accounts-changed", G_CALLBACK (schedule_refresh), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->store, "catalog-changed", G_CALLBACK (on_catalog_changed), self,
                               G_CONNECT_SWAPPED);
    }
  has_store = self->store != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.add-account", has_store);
  refresh (self);

  return self;
}
