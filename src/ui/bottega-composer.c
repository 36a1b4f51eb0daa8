/* bottega-composer.c: writing a reply — text with canned responses,
 * reply-to, private notes and attachments, or a template when the 24-hour
 * window is closed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bottega-composer-private.h"
#include "bottega-sensitive.h"
#include "bottega-window.h"

/* A draft is at most this far behind the keyboard. */
#define DRAFT_DELAY_MS 300
/* How far back from the cursor a "/code" may start. */
#define MAX_CANNED_QUERY 64

G_DEFINE_FINAL_TYPE (BottegaComposer, bottega_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PRIVATE_NOTE,
  N_PROPS
};

enum {
  SENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* An approved WhatsApp template (contracts/chatwoot-api.md §8). */
typedef struct {
  char  *name;
  char  *language;
  char  *category;
  char  *body;       /* the BODY component's text, with {{1}} … {{n}} */
  guint  n_params;
} Template;

static void update_composer_mode     (BottegaComposer *self);
static void update_template_preview  (BottegaComposer *self);
static void hide_canned              (BottegaComposer *self);

static void
template_free (Template *template)
{
  g_free (template->name);
  g_free (template->language);
  g_free (template->category);
  g_free (template->body);
  g_free (template);
}

static BottegaComposerPending *
pending_state_new (void)
{
  BottegaComposerPending *state = g_new0 (BottegaComposerPending, 1);

  state->files = g_ptr_array_new_with_free_func ((GDestroyNotify) bottega_outgoing_file_free);
  return state;
}

static void
pending_state_free (BottegaComposerPending *state)
{
  g_ptr_array_unref (state->files);
  g_clear_object (&state->reply_to);
  g_free (state);
}

static gboolean
pending_state_is_empty (BottegaComposerPending *state)
{
  return state->files->len == 0 && state->reply_to == NULL && !state->private_note;
}

BottegaComposerPending *
bottega_composer_pending_for (BottegaComposer *self,
                              gint64           conversation_id)
{
  BottegaComposerPending *state;

  if (self->conversation != NULL && bottega_conversation_get_id (self->conversation) == conversation_id)
    return self->pending;
  state = g_hash_table_lookup (self->stash, &conversation_id);
  if (state == NULL)
    {
      state = pending_state_new ();
      g_hash_table_insert (self->stash, g_memdup2 (&conversation_id, sizeof conversation_id), state);
    }
  return state;
}

static char *
composer_text (BottegaComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
composer_is_blank (BottegaComposer *self)
{
  g_autofree char *text = composer_text (self);

  return g_strstrip (text)[0] == '\0';
}

gboolean
bottega_composer_in_text_mode (BottegaComposer *self)
{
  return !gtk_widget_get_visible (self->template_box);
}

void
bottega_composer_update_actions (BottegaComposer *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean can_write = self->conversation != NULL && !self->sending;

  gtk_widget_action_set_enabled (widget, "composer.send",
                                 can_write && self->checking == 0 &&
                                 (!composer_is_blank (self) || self->pending->files->len > 0));
  gtk_widget_action_set_enabled (widget, "composer.attach", can_write && bottega_composer_in_text_mode (self));
  gtk_widget_action_set_enabled (widget, "composer.attach-file", can_write && bottega_composer_in_text_mode (self));
  gtk_widget_action_set_enabled (widget, "composer.pick-product",
                                 can_write && self->store != NULL && bottega_composer_in_text_mode (self));
  gtk_widget_action_set_enabled (widget, "composer.remove-attachment", !self->sending);
  gtk_widget_action_set_enabled (widget, "composer.cancel-reply",
                                 !self->sending && self->pending->reply_to != NULL);
}

static void
toast (BottegaComposer *self,
       const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BOTTEGA_IS_WINDOW (root))
    bottega_window_toast (BOTTEGA_WINDOW (root), message);
}

/* The inline message under the tray: what is wrong with the files, and
 * what to do. NULL hides it. */
void
bottega_composer_set_problem (BottegaComposer *self,
                              const char      *message)
{
  gtk_label_set_text (self->problem_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->problem_box, message != NULL);
}

/* A revealer slides its child in and out; hidden once closed, so that
 * what is not there is not offered to screen readers either. */
void
bottega_composer_reveal (GtkRevealer *revealer,
                         gboolean     reveal)
{
  if (reveal)
    gtk_widget_set_visible (GTK_WIDGET (revealer), TRUE);
  gtk_revealer_set_reveal_child (revealer, reveal);
}

static void
on_child_revealed (GtkRevealer *revealer,
                   GParamSpec  *pspec,
                   gpointer     user_data)
{
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

/* The first line of @text, at most @max characters. */
static char *
one_line (const char *text,
          glong       max)
{
  const char *newline;
  g_autofree char *line = NULL;

  if (text == NULL)
    return g_strdup ("");
  newline = strchr (text, '\n');
  line = newline != NULL ? g_strndup (text, newline - text) : g_strdup (text);
  if (g_utf8_strlen (line, -1) > max)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, max);

      return g_strconcat (cut, "…", NULL);
    }
  if (newline != NULL)
    return g_strconcat (line, "…", NULL);
  return g_steal_pointer (&line);
}

/* ---- drafts ---- */

/* Drafts the store could not take (a full disk, the database busy in
 * another program): kept here, shown instead of the stored draft, and
 * saved again every DRAFT_RETRY_MS until they land. Each save sends the
 * newest text of its conversation, and the writer runs saves in order, so
 * a retry never puts back older text. */
#define DRAFT_RETRY_MS 3000

typedef struct {
  GHashTable *unsaved;     /* gint64 * conversation id → char * text */
  guint       retry_id;
  gboolean    full;        /* the user has been told the disk is full */
} DraftRetry;

static void
draft_retry_free (DraftRetry *retry)
{
  g_clear_handle_id (&retry->retry_id, g_source_remove);
  g_hash_table_unref (retry->unsaved);
  g_free (retry);
}

static DraftRetry *
draft_retry (BottegaComposer *self)
{
  DraftRetry *retry = g_object_get_data (G_OBJECT (self), "bottega-draft-retry");

  if (retry == NULL)
    {
      retry = g_new0 (DraftRetry, 1);
      retry->unsaved = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      g_object_set_data_full (G_OBJECT (self), "bottega-draft-retry", retry, (GDestroyNotify) draft_retry_free);
    }
  return retry;
}

typedef struct {
  BottegaComposer *self;            /* a weak pointer */
  gint64           conversation_id;
  char            *text;
} DraftSave;

static void
draft_save_free (DraftSave *save)
{
  g_clear_weak_pointer (&save->self);
  g_free (save->text);
  g_free (save);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DraftSave, draft_save_free)

/* Tells the window (and so the user) that drafts cannot be saved for lack
 * of space, or that they can again. */
static void
set_disk_full (BottegaComposer *self,
               gboolean         full)
{
  DraftRetry *retry = draft_retry (self);

  if (retry->full == full)
    return;

  retry->full = full;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.disk-full", "b", full);
}

static void save_draft_text (BottegaComposer *self, gint64 conversation_id, const char *text);

static void
forget_unsaved (BottegaComposer *self,
                gint64           conversation_id)
{
  DraftRetry *retry = draft_retry (self);

  g_hash_table_remove (retry->unsaved, &conversation_id);
  if (g_hash_table_size (retry->unsaved) == 0)
    {
      g_clear_handle_id (&retry->retry_id, g_source_remove);
      set_disk_full (self, FALSE);
    }
}

static gboolean
draft_retry_cb (gpointer user_data)
{
  BottegaComposer *self = user_data;
  DraftRetry *retry = draft_retry (self);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  retry->retry_id = 0;
  g_hash_table_iter_init (&iter, retry->unsaved);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (pending, g_memdup2 (key, sizeof (gint64)));

  for (guint i = 0; i < pending->len; i++)
    {
      gint64 id = *(gint64 *) g_ptr_array_index (pending, i);

      save_draft_text (self, id, g_hash_table_lookup (retry->unsaved, &id));
    }
  return G_SOURCE_REMOVE;
}

static void
draft_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DraftSave) save = user_data;
  g_autoptr(GError) error = NULL;
  BottegaComposer *self = save->self;
  DraftRetry *retry;
  const char *unsaved;

  if (bottega_store_save_draft_finish (BOTTEGA_STORE (object), result, &error))
    {
      if (self == NULL)
        return;
      retry = draft_retry (self);
      /* Saved, unless newer text is waiting for its own save. */
      unsaved = g_hash_table_lookup (retry->unsaved, &save->conversation_id);
      if (unsaved != NULL && g_strcmp0 (unsaved, save->text) == 0)
        g_hash_table_remove (retry->unsaved, &save->conversation_id);
      if (g_hash_table_size (retry->unsaved) == 0)
        {
          g_clear_handle_id (&retry->retry_id, g_source_remove);
          set_disk_full (self, FALSE);
        }
      return;
    }

  /* A conversation that is gone has no draft to keep. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_NOT_FOUND) ||
      g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
    {
      if (self != NULL)
        g_hash_table_remove (draft_retry (self)->unsaved, &save->conversation_id);
      return;
    }

  /* A full disk is not a bug: the user is told below. */
  if (g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FULL))
    g_message ("Could not save the draft: %s", error->message);
  else
    g_warning ("Could not save the draft: %s", error->message);
  if (self == NULL)
    return;

  /* Kept, and tried again; the text on screen is the newest anyway. */
  retry = draft_retry (self);
  if (!g_hash_table_contains (retry->unsaved, &save->conversation_id))
    g_hash_table_insert (retry->unsaved, g_memdup2 (&save->conversation_id, sizeof (gint64)),
                         g_strdup (save->text));
  if (retry->retry_id == 0)
    retry->retry_id = g_timeout_add (DRAFT_RETRY_MS, draft_retry_cb, self);
  if (g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FULL))
    set_disk_full (self, TRUE);
}

static void
save_draft_text (BottegaComposer *self,
                 gint64           conversation_id,
                 const char      *text)
{
  DraftRetry *retry = draft_retry (self);
  DraftSave *save;

  if (self->store == NULL)
    return;

  /* Copied first: @text may be the unsaved copy replaced below. */
  save = g_new0 (DraftSave, 1);
  g_set_weak_pointer (&save->self, self);
  save->conversation_id = conversation_id;
  save->text = g_strdup (text);

  /* A later retry sends this text, not an older one. */
  if (g_hash_table_contains (retry->unsaved, &conversation_id))
    g_hash_table_insert (retry->unsaved, g_memdup2 (&conversation_id, sizeof (gint64)), g_strdup (save->text));

  /* Not cancellable: a draft must land even when the view goes away. */
  bottega_store_save_draft_async (self->store, conversation_id, save->text, NULL, draft_saved, save);
}

static void
save_draft_now (BottegaComposer *self)
{
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  if (!self->draft_dirty || self->conversation == NULL || self->store == NULL)
    return;

  self->draft_dirty = FALSE;
  text = composer_text (self);
  save_draft_text (self, bottega_conversation_get_id (self->conversation), text);
}

static gboolean
draft_timeout_cb (gpointer user_data)
{
  BottegaComposer *self = user_data;

  self->draft_timeout = 0;
  save_draft_now (self);
  return G_SOURCE_REMOVE;
}

static void update_canned (BottegaComposer *self);

static void
on_buffer_changed (BottegaComposer *self,
                   GtkTextBuffer   *buffer)
{
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), gtk_text_buffer_get_char_count (buffer) == 0);
  bottega_composer_update_actions (self);
  if (self->loading_draft || self->conversation == NULL)
    return;

  update_canned (self);
  self->draft_dirty = TRUE;
  if (self->draft_timeout == 0)
    self->draft_timeout = g_timeout_add (DRAFT_DELAY_MS, draft_timeout_cb, self);
}

static void
set_text_quietly (BottegaComposer *self,
                  const char      *text)
{
  self->loading_draft = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer_view), text != NULL ? text : "", -1);
  self->loading_draft = FALSE;
  self->draft_dirty = FALSE;
}

static void
load_draft (BottegaComposer *self)
{
  g_autofree char *draft = NULL;
  const char *unsaved = NULL;

  if (self->conversation != NULL)
    {
      gint64 id = bottega_conversation_get_id (self->conversation);

      /* Text the store could not take is newer than what it holds. */
      unsaved = g_hash_table_lookup (draft_retry (self)->unsaved, &id);
      if (unsaved == NULL && self->store != NULL)
        draft = bottega_store_get_draft (self->store, id);
    }

  set_text_quietly (self, unsaved != NULL ? unsaved : draft);
  bottega_composer_update_actions (self);
}

/* ---- private notes ---- */

/* What a screen reader says about the field: note or reply, the quote,
 * and the keys. */
static void
update_view_description (BottegaComposer *self)
{
  gboolean enter_sends = self->settings == NULL || g_settings_get_boolean (self->settings, "enter-sends");
  BottegaMessage *quoted = self->pending->reply_to;
  g_autoptr(GString) description = g_string_new (NULL);

  if (self->pending->private_note)
    g_string_append (description, _("Private note: only your team sees it."));
  if (quoted != NULL)
    {
      g_autofree char *excerpt = g_strdup (gtk_label_get_text (self->reply_excerpt));
      gsize len = strlen (excerpt);

      /* The sentence ends with its own full stop. */
      while (len > 0 && (excerpt[len - 1] == '.' || excerpt[len - 1] == ' '))
        excerpt[--len] = '\0';
      if (description->len > 0)
        g_string_append_c (description, ' ');
      /* Translators: %1$s is who wrote the quoted message, %2$s its first line */
      g_string_append_printf (description, _("Replying to %1$s: %2$s. Escape cancels the quote."),
                              gtk_label_get_text (self->reply_sender), excerpt);
    }
  if (description->len > 0)
    g_string_append_c (description, ' ');
  g_string_append (description, enter_sends
                                ? _("Enter sends, Shift+Enter starts a new line, / inserts a canned response")
                                : _("Ctrl+Enter sends, Enter starts a new line, / inserts a canned response"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->composer_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str, -1);
  gtk_widget_set_tooltip_text (self->send_button, enter_sends ? _("Send (Enter)") : _("Send (Ctrl+Enter)"));
}

static void
update_note_look (BottegaComposer *self)
{
  gboolean note = self->pending->private_note;

  if (note)
    gtk_widget_add_css_class (self->composer, "private-note");
  else
    gtk_widget_remove_css_class (self->composer, "private-note");
  gtk_widget_set_visible (self->note_hint, note);

  gtk_label_set_text (self->placeholder,
                      note ? _("Write a private note — only your team sees it")
                           : _("Write a reply…"));
  update_view_description (self);
}

static void
set_private_note (BottegaComposer *self,
                  gboolean         private_note)
{
  gboolean had_focus;

  private_note = !!private_note;
  if (self->pending->private_note == private_note)
    return;

  had_focus = gtk_widget_get_focus_child (GTK_WIDGET (self)) != NULL;
  self->pending->private_note = private_note;
  update_note_look (self);
  update_composer_mode (self);
  if (had_focus)
    bottega_composer_focus (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIVATE_NOTE]);
}

/* ---- reply-to ---- */

static void
update_reply_strip (BottegaComposer *self)
{
  BottegaMessage *message = self->pending->reply_to;
  g_autofree char *excerpt = NULL;
  g_autofree char *description = NULL;
  const char *sender;

  bottega_composer_reveal (self->reply_revealer, message != NULL);
  bottega_composer_update_actions (self);
  if (message == NULL)
    {
      update_view_description (self);
      return;
    }

  sender = bottega_message_get_sender_name (message);
  if (sender == NULL || sender[0] == '\0')
    sender = bottega_message_get_message_type (message) == BOTTEGA_MESSAGE_INCOMING
             ? _("Customer") : _("You");

  excerpt = one_line (bottega_message_get_content (message), 120);
  if (excerpt[0] == '\0')
    {
      guint n = bottega_message_get_n_attachments (message);

      g_free (excerpt);
      excerpt = n > 0 ? g_strdup_printf (ngettext ("%u attachment", "%u attachments", n), n)
                      : g_strdup ("");
    }

  /* Customer text: plain labels, never markup. */
  gtk_label_set_text (self->reply_sender, sender);
  gtk_label_set_text (self->reply_excerpt, excerpt);
  /* Translators: the first %s is who wrote the quoted message, the second its first line */
  description = g_strdup_printf (_("Replying to %s: %s"), sender, excerpt);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reply_strip),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  update_view_description (self);
}

static void
cancel_reply_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);

  bottega_composer_set_reply_to (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

/* ---- canned responses: "/" at a word start ---- */

/* The "/" that starts the word the cursor ends, when it starts a line or
 * follows a space; @query gets what was typed after it. */
static gboolean
find_canned_trigger (BottegaComposer  *self,
                     GtkTextIter      *slash,
                     char            **query)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer_view);
  GtkTextIter cursor, iter;

  if (gtk_text_buffer_get_has_selection (buffer))
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  iter = cursor;

  for (guint walked = 0; walked <= MAX_CANNED_QUERY && gtk_text_iter_backward_char (&iter); walked++)
    {
      gunichar c = gtk_text_iter_get_char (&iter);

      if (c == '/')
        {
          GtkTextIter before = iter;
          GtkTextIter after = iter;

          if (!gtk_text_iter_starts_line (&iter) &&
              (!gtk_text_iter_backward_char (&before) || !g_unichar_isspace (gtk_text_iter_get_char (&before))))
            return FALSE;
          gtk_text_iter_forward_char (&after);
          *slash = iter;
          if (query != NULL)
            *query = gtk_text_iter_get_text (&after, &cursor);
          return TRUE;
        }
      if (g_unichar_isspace (c))
        return FALSE;
    }
  return FALSE;
}

static void
hide_canned (BottegaComposer *self)
{
  g_clear_pointer (&self->canned_query, g_free);
  if (gtk_widget_get_visible (GTK_WIDGET (self->canned_popover)))
    gtk_popover_popdown (GTK_POPOVER (self->canned_popover));
}

/* Points the popover at the "/". */
static void
place_canned (BottegaComposer   *self,
              const GtkTextIter *slash)
{
  GdkRectangle location;
  int x, y;
  double px = 0, py = 0;

  gtk_text_view_get_iter_location (self->composer_view, slash, &location);
  gtk_text_view_buffer_to_window_coords (self->composer_view, GTK_TEXT_WINDOW_WIDGET,
                                         location.x, location.y, &x, &y);
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->composer_view), GTK_WIDGET (self),
                                         x, y, &px, &py))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->canned_popover),
                               &(GdkRectangle) { (int) px, (int) py, 1, MAX (location.height, 1) });
}

static void
update_canned (BottegaComposer *self)
{
  g_autofree char *query = NULL;
  g_autoptr(GPtrArray) responses = NULL;
  gboolean shown = gtk_widget_get_visible (GTK_WIDGET (self->canned_popover));
  GtkTextIter slash;

  if (self->conversation == NULL || self->store == NULL || self->sending || self->loading_draft ||
      !bottega_composer_in_text_mode (self) || !gtk_widget_has_focus (GTK_WIDGET (self->composer_view)) ||
      !find_canned_trigger (self, &slash, &query))
    {
      hide_canned (self);
      return;
    }
  if (shown && g_strcmp0 (query, self->canned_query) == 0)
    return;

  if (!shown)
    {
      g_autoptr(GError) error = NULL;

      /* Read afresh each time: a short indexed query, and sync may have
       * brought new ones. */
      responses = bottega_store_list_canned_responses (self->store,
                                                       bottega_conversation_get_account_id (self->conversation),
                                                       &error);
      if (responses == NULL)
        {
          g_warning ("Could not read the canned responses: %s", error->message);
          return;
        }
      bottega_canned_popover_set_responses (self->canned_popover, responses);
    }

  if (bottega_canned_popover_filter (self->canned_popover, query) == 0)
    {
      hide_canned (self);
      return;
    }

  g_free (self->canned_query);
  self->canned_query = g_steal_pointer (&query);
  place_canned (self, &slash);
  if (!shown)
    gtk_popover_popup (GTK_POPOVER (self->canned_popover));
  else
    gtk_popover_present (GTK_POPOVER (self->canned_popover));
}

/* Replaces "/code" with the response's text. */
static void
insert_canned (BottegaComposer       *self,
               BottegaCannedResponse *response)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer_view);
  const char *content = bottega_canned_response_get_content (response);
  GtkTextIter slash, cursor;

  if (response == NULL || !find_canned_trigger (self, &slash, NULL))
    {
      hide_canned (self);
      return;
    }

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &slash, &cursor);
  gtk_text_buffer_insert (buffer, &slash, content != NULL ? content : "", -1);
  gtk_text_buffer_end_user_action (buffer);
  hide_canned (self);
  gtk_text_view_scroll_mark_onscreen (self->composer_view, gtk_text_buffer_get_insert (buffer));
}

static void
on_canned_chosen (BottegaComposer       *self,
                  BottegaCannedResponse *response,
                  BottegaCannedPopover  *popover)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
  insert_canned (self, response);
}

static void
on_cursor_moved (BottegaComposer *self,
                 GParamSpec      *pspec,
                 GtkTextBuffer   *buffer)
{
  if (!self->loading_draft)
    update_canned (self);
}

/* Keys for the popover while it is open; the focus stays in the text. */
static gboolean
canned_key_pressed (BottegaComposer *self,
                    guint            keyval,
                    GdkModifierType  state)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->canned_popover)) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      bottega_canned_popover_move (self->canned_popover, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      bottega_canned_popover_move (self->canned_popover, 1);
      return TRUE;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      bottega_canned_popover_move (self->canned_popover, -5);
      return TRUE;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      bottega_canned_popover_move (self->canned_popover, 5);
      return TRUE;
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      insert_canned (self, bottega_canned_popover_get_selected (self->canned_popover));
      return TRUE;
    case GDK_KEY_Escape:
      hide_canned (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
on_view_focus_leave (BottegaComposer *self)
{
  hide_canned (self);
}

/* ---- sending: files checked, the guard asked, then the outbox ---- */

typedef struct {
  BottegaComposer *self;
  gint64           conversation_id;
  char            *content;
  gboolean         is_private;
  gint64           in_reply_to;
  GStrv            paths;             /* or NULL */
  char            *template_params;   /* a template, or NULL */
} SendJob;

static void
send_job_free (SendJob *job)
{
  g_clear_object (&job->self);
  g_free (job->content);
  g_strfreev (job->paths);
  g_free (job->template_params);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendJob, send_job_free)

static gboolean
job_is_current (SendJob *job)
{
  return job->self->conversation != NULL &&
         bottega_conversation_get_id (job->self->conversation) == job->conversation_id;
}

/* The composer writable again; @problem (or NULL) says why nothing was sent. */
static void
end_sending (BottegaComposer *self,
             const char      *problem)
{
  self->sending = FALSE;
  gtk_text_view_set_editable (self->composer_view, TRUE);
  if (problem != NULL)
    bottega_composer_set_problem (self, problem);
  bottega_composer_update_actions (self);
  update_template_preview (self);
}

static void
job_queued (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SendJob) job = user_data;
  BottegaComposer *self = job->self;
  g_autoptr(BottegaMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  message = bottega_store_queue_reply_finish (BOTTEGA_STORE (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  end_sending (self, NULL);

  if (message == NULL)
    {
      /* The text stays in the composer (and in the draft). */
      if (g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_FULL) && job->template_params == NULL)
        {
          g_message ("Could not queue the reply: %s", error->message);
          /* Kept as a draft to save once there is space. */
          if (job_is_current (job))
            self->draft_dirty = TRUE;
          save_draft_text (self, job->conversation_id, job->content);
          return;
        }
      g_warning ("Could not queue the reply: %s", error->message);
      toast (self, job->template_params != NULL
                   ? _("The template could not be saved")
                   : _("The reply could not be saved; it is still in the composer"));
      return;
    }

  /* Safely in the outbox (and the draft deleted with it): text that
   * waited for space must not come back as a draft. */
  forget_unsaved (self, job->conversation_id);
  if (job->template_params != NULL)
    {
      for (guint i = 0; i < self->param_entries->len; i++)
        gtk_editable_set_text (g_ptr_array_index (self->param_entries, i), "");
    }
  else if (job_is_current (job))
    {
      set_text_quietly (self, "");
      g_ptr_array_set_size (self->pending->files, 0);
      g_clear_object (&self->pending->reply_to);
      bottega_composer_set_problem (self, NULL);
      bottega_composer_rebuild_tray (self);
      update_reply_strip (self);
    }
  else
    {
      /* The user looked at another conversation meanwhile. */
      BottegaComposerPending *state = g_hash_table_lookup (self->stash, &job->conversation_id);

      if (state != NULL)
        {
          g_ptr_array_set_size (state->files, 0);
          g_clear_object (&state->reply_to);
        }
    }

  g_signal_emit (self, signals[SENT], 0);
  bottega_composer_update_actions (self);
  update_template_preview (self);
  if (job->template_params == NULL && job_is_current (job))
    gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

static void
queue_job (SendJob *job)
{
  BottegaComposer *self = job->self;
  BottegaStoreReply reply = { 0, };

  reply.conversation_id = job->conversation_id;
  reply.content = job->content;
  reply.is_private = job->is_private;
  reply.in_reply_to = job->in_reply_to;
  reply.template_params = job->template_params;
  reply.attachment_paths = (const char * const *) job->paths;
  bottega_store_queue_reply_async (self->store, &reply, NULL, job_queued, job);
}

static const char *
describe_kind (BottegaSensitiveKind kind)
{
  switch (kind)
    {
    case BOTTEGA_SENSITIVE_CARD:
      return _("a payment card number");
    case BOTTEGA_SENSITIVE_IBAN:
      return _("a bank account number (IBAN)");
    case BOTTEGA_SENSITIVE_PASSWORD:
      return _("a password");
    default:
      g_assert_not_reached ();
    }
}

typedef struct {
  SendJob *job;
  int      select_start;   /* characters, the first thing found */
  int      select_end;
} GuardData;

static void
on_guard_response (AdwMessageDialog *dialog,
                   const char       *response,
                   GuardData        *data)
{
  SendJob *job = g_steal_pointer (&data->job);
  BottegaComposer *self = job->self;

  if (g_strcmp0 (response, "send") == 0)
    queue_job (job);
  else
    {
      gboolean current = job_is_current (job) && job->template_params == NULL;

      end_sending (self, NULL);
      send_job_free (job);
      /* Back to the text with what was found selected, to edit it. */
      if (current)
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer_view);
          GtkTextIter start, end;

          gtk_text_buffer_get_iter_at_offset (buffer, &start, data->select_start);
          gtk_text_buffer_get_iter_at_offset (buffer, &end, data->select_end);
          gtk_text_buffer_select_range (buffer, &start, &end);
          gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
          gtk_text_view_scroll_to_iter (self->composer_view, &start, 0, FALSE, 0, 0);
        }
      else
        bottega_composer_focus (self);
    }
  g_free (data);
}

/* The sensitive-data guard: what looks like a card number, an IBAN or a
 * password is named (masked) and the user decides. */
static void
guard_then_queue (SendJob *job)
{
  BottegaComposer *self = job->self;
  g_autoptr(GPtrArray) matches = bottega_sensitive_scan (job->content != NULL ? job->content : "");
  g_autoptr(GString) body = NULL;
  BottegaSensitiveMatch *first;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GuardData *data;

  if (matches == NULL || matches->len == 0)
    {
      queue_job (job);
      return;
    }

  body = g_string_new (job->is_private ? _("This note seems to contain:") : _("This reply seems to contain:"));
  for (guint i = 0; i < matches->len; i++)
    {
      BottegaSensitiveMatch *match = g_ptr_array_index (matches, i);

      /* Translators: "%1$s" is what was found ("a payment card number"),
       * %2$s a masked hint of it ("•••• 1111") */
      g_string_append (body, "\n• ");
      g_string_append_printf (body, _("%1$s (%2$s)"), describe_kind (match->kind), match->masked);
    }
  g_string_append (body, "\n\n");
  g_string_append (body, _("Whatever is sent stays in the conversation's history, where anyone with access to it can read it."));

  first = g_ptr_array_index (matches, 0);
  data = g_new0 (GuardData, 1);
  data->job = job;
  data->select_start = (int) g_utf8_pointer_to_offset (job->content, job->content + first->start);
  data->select_end = (int) g_utf8_pointer_to_offset (job->content, job->content + first->end);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Send Sensitive Data?"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "edit", _("_Edit"),
                                    "send", _("_Send Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "edit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "edit");
  g_signal_connect (dialog, "response", G_CALLBACK (on_guard_response), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
send_files_checked (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SendJob *job = user_data;
  BottegaComposer *self = job->self;
  BottegaComposerCheck *data = bottega_composer_check_files_finish (self, result);
  g_autofree char *problem = NULL;

  if (data == NULL)
    {
      send_job_free (job);
      return;
    }

  problem = bottega_composer_join_problems (data->problems);
  if (problem != NULL)
    {
      end_sending (self, problem);
      send_job_free (job);
      return;
    }
  guard_then_queue (job);
}

/* Read-only until the reply is durable, so no keystroke falls between the
 * text we queue and the composer we clear. */
static void
start_sending (SendJob *job)
{
  BottegaComposer *self = job->self;

  self->sending = TRUE;
  gtk_text_view_set_editable (self->composer_view, FALSE);
  hide_canned (self);
  bottega_composer_set_problem (self, NULL);
  bottega_composer_update_actions (self);
  update_template_preview (self);

  if (job->paths != NULL)
    bottega_composer_check_files_async (self, (const char * const *) job->paths, NULL, send_files_checked, job);
  else
    guard_then_queue (job);
}

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);
  SendJob *job;

  if (self->conversation == NULL || self->store == NULL || self->sending || self->checking > 0 ||
      (composer_is_blank (self) && self->pending->files->len == 0))
    return;

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  self->draft_dirty = FALSE;

  job = g_new0 (SendJob, 1);
  job->self = g_object_ref (self);
  job->conversation_id = bottega_conversation_get_id (self->conversation);
  job->content = composer_is_blank (self) ? g_strdup ("") : composer_text (self);
  job->is_private = self->pending->private_note;
  if (self->pending->reply_to != NULL)
    job->in_reply_to = bottega_message_get_remote_id (self->pending->reply_to);
  if (self->pending->files->len > 0)
    {
      job->paths = g_new0 (char *, self->pending->files->len + 1);
      for (guint i = 0; i < self->pending->files->len; i++)
        job->paths[i] = g_strdup (((BottegaOutgoingFile *) g_ptr_array_index (self->pending->files, i))->path);
    }
  start_sending (job);
}

static gboolean
on_composer_key_pressed (BottegaComposer       *self,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         GtkEventControllerKey *controller)
{
  gboolean enter_sends = self->settings == NULL || g_settings_get_boolean (self->settings, "enter-sends");

  if (canned_key_pressed (self, keyval, state))
    return GDK_EVENT_STOP;

  if (keyval == GDK_KEY_Escape && self->pending->reply_to != NULL &&
      (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK)) == 0)
    {
      bottega_composer_set_reply_to (self, NULL);
      return GDK_EVENT_STOP;
    }

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return GDK_EVENT_PROPAGATE;

  if ((state & GDK_CONTROL_MASK) != 0 ||
      (enter_sends && (state & (GDK_SHIFT_MASK | GDK_ALT_MASK)) == 0))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "composer.send", NULL);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

/* ---- templates (the 24-hour window is closed) ---- */

static guint
count_params (const char *body)
{
  guint highest = 0;

  for (const char *p = strstr (body, "{{"); p != NULL; p = strstr (p + 2, "{{"))
    {
      char *end = NULL;
      guint64 n = g_ascii_strtoull (p + 2, &end, 10);

      if (end != p + 2 && g_str_has_prefix (end, "}}") && n > 0 && n <= 20)
        highest = MAX (highest, (guint) n);
    }
  return highest;
}

static GPtrArray *
approved_templates (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *templates = g_ptr_array_new_with_free_func ((GDestroyNotify) template_free);
  JsonArray *array;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return templates;

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      JsonArray *components;
      Template *template;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "status", ""), "APPROVED") != 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (object, "status", ""), "approved") != 0)
        continue;

      template = g_new0 (Template, 1);
      template->name = g_strdup (json_object_get_string_member_with_default (object, "name", ""));
      template->language = g_strdup (json_object_get_string_member_with_default (object, "language", ""));
      template->category = g_strdup (json_object_get_string_member_with_default (object, "category", ""));
      components = json_object_has_member (object, "components") &&
                   JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "components"))
                     ? json_object_get_array_member (object, "components") : NULL;
      for (guint c = 0; components != NULL && c < json_array_get_length (components); c++)
        {
          JsonNode *component = json_array_get_element (components, c);

          if (JSON_NODE_HOLDS_OBJECT (component) &&
              g_ascii_strcasecmp (json_object_get_string_member_with_default (json_node_get_object (component), "type", ""), "BODY") == 0)
            template->body = g_strdup (json_object_get_string_member_with_default (json_node_get_object (component), "text", ""));
        }
      if (template->name[0] == '\0' || template->body == NULL)
        {
          template_free (template);
          continue;
        }
      template->n_params = count_params (template->body);
      g_ptr_array_add (templates, template);
    }

  return templates;
}

static Template *
selected_template (BottegaComposer *self)
{
  guint selected = gtk_drop_down_get_selected (self->template_dropdown);

  if (self->templates == NULL || selected >= self->templates->len)
    return NULL;
  return g_ptr_array_index (self->templates, selected);
}

/* The body with each {{n}} replaced by its parameter; NULL while one is
 * missing. */
static char *
render_template (BottegaComposer *self,
                 Template                *template,
                 gboolean                 allow_missing)
{
  GString *out = g_string_new (NULL);
  const char *p = template->body;

  while (*p != '\0')
    {
      const char *open = strstr (p, "{{");
      char *end = NULL;
      guint64 n;

      if (open == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      n = g_ascii_strtoull (open + 2, &end, 10);
      if (end != open + 2 && g_str_has_prefix (end, "}}") && n > 0 && n <= self->param_entries->len)
        {
          const char *value = gtk_editable_get_text (g_ptr_array_index (self->param_entries, n - 1));

          if (value[0] == '\0' && !allow_missing)
            {
              g_string_free (out, TRUE);
              return NULL;
            }
          g_string_append (out, value[0] != '\0' ? value : "…");
          p = end + 2;
        }
      else
        {
          g_string_append (out, "{{");
          p = open + 2;
        }
    }

  return g_string_free (out, FALSE);
}

static void
update_template_preview (BottegaComposer *self)
{
  Template *template = selected_template (self);
  g_autofree char *preview = template != NULL ? render_template (self, template, TRUE) : NULL;
  g_autofree char *complete = template != NULL ? render_template (self, template, FALSE) : NULL;

  gtk_label_set_text (self->template_preview, preview != NULL ? preview : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send-template",
                                 complete != NULL && !self->sending);
}

static void
rebuild_template_params (BottegaComposer *self)
{
  Template *template = selected_template (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->template_params))) != NULL)
    gtk_box_remove (self->template_params, child);
  g_ptr_array_set_size (self->param_entries, 0);

  for (guint i = 0; template != NULL && i < template->n_params; i++)
    {
      GtkWidget *entry = gtk_entry_new ();
      g_autofree char *label = g_strdup_printf (_("Parameter %u"), i + 1);

      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_signal_connect_object (entry, "changed", G_CALLBACK (update_template_preview),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (self->template_params, entry);
      g_ptr_array_add (self->param_entries, entry);
    }

  update_template_preview (self);
}

static void
load_templates (BottegaComposer *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) inboxes = NULL;

  g_clear_pointer (&self->templates, g_ptr_array_unref);
  if (self->conversation != NULL && self->store != NULL)
    inboxes = bottega_store_list_inboxes (self->store, bottega_conversation_get_account_id (self->conversation), NULL);

  for (guint i = 0; inboxes != NULL && i < inboxes->len; i++)
    {
      BottegaInbox *inbox = g_ptr_array_index (inboxes, i);

      if (bottega_inbox_get_remote_id (inbox) == bottega_conversation_get_inbox_id (self->conversation))
        self->templates = approved_templates (bottega_inbox_get_templates (inbox));
    }
  if (self->templates == NULL)
    self->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) template_free);

  for (guint i = 0; i < self->templates->len; i++)
    {
      Template *template = g_ptr_array_index (self->templates, i);
      g_autofree char *name = g_strdup_printf ("%s (%s)", template->name, template->language);

      gtk_string_list_append (names, name);
    }
  gtk_drop_down_set_model (self->template_dropdown, G_LIST_MODEL (names));
  gtk_label_set_text (self->template_preview,
                      self->templates->len == 0 ? _("This inbox has no approved template.") : "");
  rebuild_template_params (self);
}

/* WhatsApp's 24-hour window: free text only while it is open (private
 * notes can always be written: they never reach the customer). */
static void
update_composer_mode (BottegaComposer *self)
{
  gboolean template_mode = self->conversation != NULL &&
                           !self->pending->private_note &&
                           !bottega_conversation_get_can_reply (self->conversation) &&
                           g_strcmp0 (bottega_conversation_get_channel (self->conversation), "Channel::Whatsapp") == 0;
  gboolean was = gtk_widget_get_visible (self->template_box);

  if (template_mode && (!was || self->templates == NULL))
    load_templates (self);
  gtk_widget_set_visible (self->composer, !template_mode);
  gtk_widget_set_visible (self->template_box, template_mode);
  if (template_mode)
    {
      hide_canned (self);
      bottega_composer_hide_products (self);
    }
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->drop_target),
                                              template_mode ? GTK_PHASE_NONE : GTK_PHASE_BUBBLE);
  bottega_composer_update_actions (self);
}

static void
send_template_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);
  Template *template = selected_template (self);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *content = NULL;
  SendJob *job;

  if (self->conversation == NULL || self->store == NULL || template == NULL || self->sending)
    return;
  content = render_template (self, template, FALSE);
  if (content == NULL)
    return;

  /* template_params as Chatwoot takes them: the rendered text is the
   * message's content, for display. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, template->name);
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, template->category);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, template->language);
  json_builder_set_member_name (builder, "processed_params");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->param_entries->len; i++)
    {
      char key[16];

      g_snprintf (key, sizeof key, "%u", i + 1);
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, gtk_editable_get_text (g_ptr_array_index (self->param_entries, i)));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);

  job = g_new0 (SendJob, 1);
  job->self = g_object_ref (self);
  job->conversation_id = bottega_conversation_get_id (self->conversation);
  job->content = g_steal_pointer (&content);
  job->template_params = json_generator_to_data (generator, NULL);
  start_sending (job);
}

/* ---- public ---- */

void
bottega_composer_set_store (BottegaComposer *self,
                            BottegaStore    *store)
{
  g_return_if_fail (BOTTEGA_IS_COMPOSER (self));

  g_set_object (&self->store, store);
}

/* Files, quote and note mode stay with the conversation they were meant
 * for while the user looks at another one. */
static void
swap_pending (BottegaComposer *self,
              gint64           old_id,
              gint64           new_id)
{
  BottegaComposerPending *next = NULL;
  gboolean was_note = self->pending->private_note;

  if (old_id != 0 && !pending_state_is_empty (self->pending))
    g_hash_table_insert (self->stash, g_memdup2 (&old_id, sizeof old_id), g_steal_pointer (&self->pending));
  else
    g_clear_pointer (&self->pending, pending_state_free);

  if (new_id != 0 && g_hash_table_lookup_extended (self->stash, &new_id, NULL, NULL))
    {
      g_autofree gint64 *key = NULL;

      g_hash_table_steal_extended (self->stash, &new_id, (gpointer *) &key, (gpointer *) &next);
      self->pending = next;
    }
  else
    self->pending = pending_state_new ();

  bottega_composer_set_problem (self, NULL);
  hide_canned (self);
  bottega_composer_hide_products (self);
  bottega_composer_rebuild_tray (self);
  update_reply_strip (self);
  update_note_look (self);
  if (was_note != self->pending->private_note)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIVATE_NOTE]);
}

void
bottega_composer_set_conversation (BottegaComposer     *self,
                                   BottegaConversation *conversation)
{
  gboolean same;
  gint64 old_id;

  g_return_if_fail (BOTTEGA_IS_COMPOSER (self));

  same = self->conversation != NULL && conversation != NULL &&
         bottega_conversation_get_id (self->conversation) == bottega_conversation_get_id (conversation);
  old_id = self->conversation != NULL ? bottega_conversation_get_id (self->conversation) : 0;
  if (!same)
    save_draft_now (self);

  if (self->conversation != conversation)
    {
      if (self->conversation != NULL)
        g_signal_handlers_disconnect_by_func (self->conversation, update_composer_mode, self);
      g_set_object (&self->conversation, conversation);
      if (conversation != NULL)
        g_signal_connect_object (conversation, "notify::can-reply", G_CALLBACK (update_composer_mode),
                                 self, G_CONNECT_SWAPPED);
    }

  if (!same)
    {
      g_clear_pointer (&self->templates, g_ptr_array_unref);
      swap_pending (self, old_id, conversation != NULL ? bottega_conversation_get_id (conversation) : 0);
      load_draft (self);
    }
  update_composer_mode (self);
}

void
bottega_composer_focus (BottegaComposer *self)
{
  g_return_if_fail (BOTTEGA_IS_COMPOSER (self));

  if (gtk_widget_get_visible (self->template_box))
    gtk_widget_grab_focus (GTK_WIDGET (self->template_dropdown));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

void
bottega_composer_set_reply_to (BottegaComposer *self,
                               BottegaMessage  *message)
{
  g_return_if_fail (BOTTEGA_IS_COMPOSER (self));
  g_return_if_fail (message == NULL || BOTTEGA_IS_MESSAGE (message));

  if (message != NULL)
    {
      gint64 conversation_id = bottega_message_get_conversation_id (message);

      /* A local echo has no remote id yet: nothing the provider could
       * quote. Nor can a message of another conversation be quoted. */
      if (bottega_message_get_remote_id (message) <= 0 || self->conversation == NULL ||
          (conversation_id != 0 && conversation_id != bottega_conversation_get_id (self->conversation)))
        return;
    }
  if (self->pending->reply_to == message || self->sending)
    return;

  g_set_object (&self->pending->reply_to, message);
  update_reply_strip (self);
  if (message != NULL && bottega_composer_in_text_mode (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->composer_view));
}

/* ---- GObject ---- */

static void
bottega_composer_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);

  gtk_widget_measure (GTK_WIDGET (self->composer_stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* The pages fill the composer; the popover (a child too) is placed by
 * GTK beside the "/" it points to. */
static void
bottega_composer_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (widget);

  gtk_widget_allocate (GTK_WIDGET (self->composer_stack), width, height, baseline, NULL);
  if (gtk_widget_get_visible (GTK_WIDGET (self->canned_popover)))
    gtk_popover_present (GTK_POPOVER (self->canned_popover));
  if (gtk_widget_get_visible (GTK_WIDGET (self->product_picker)))
    gtk_popover_present (GTK_POPOVER (self->product_picker));
}

static void
bottega_composer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_PRIVATE_NOTE:
      g_value_set_boolean (value, self->pending->private_note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_composer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_PRIVATE_NOTE:
      set_private_note (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_composer_dispose (GObject *object)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (object);

  save_draft_now (self);
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_func (self->conversation, update_composer_mode, self);
  g_clear_object (&self->conversation);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->param_entries, g_ptr_array_unref);
  g_clear_pointer (&self->stash, g_hash_table_unref);
  g_clear_pointer (&self->canned_query, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), BOTTEGA_TYPE_COMPOSER);

  G_OBJECT_CLASS (bottega_composer_parent_class)->dispose (object);
}

static void
bottega_composer_finalize (GObject *object)
{
  BottegaComposer *self = BOTTEGA_COMPOSER (object);

  g_clear_pointer (&self->pending, pending_state_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bottega_composer_parent_class)->finalize (object);
}

static void
bottega_composer_class_init (BottegaComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_composer_dispose;
  object_class->finalize = bottega_composer_finalize;
  object_class->get_property = bottega_composer_get_property;
  object_class->set_property = bottega_composer_set_property;
  widget_class->measure = bottega_composer_measure;
  widget_class->size_allocate = bottega_composer_size_allocate;

  /**
   * BottegaComposer:private-note:
   *
   * The next reply is a private note: only the shop's team sees it.
   */
  properties[PROP_PRIVATE_NOTE] =
    g_param_spec_boolean ("private-note", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BottegaComposer::sent:
   *
   * A reply (or template) is safely in the outbox.
   */
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BOTTEGA_TYPE_CANNED_POPOVER);
  g_type_ensure (BOTTEGA_TYPE_PRODUCT_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, composer_stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, template_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, composer);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, reply_revealer);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, reply_strip);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, reply_sender);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, reply_excerpt);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, tray_revealer);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, attachment_tray);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, problem_box);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, problem_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, note_hint);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, placeholder);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, composer_view);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, template_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, template_params);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, template_preview);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, canned_popover);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, product_picker);
  gtk_widget_class_bind_template_child (widget_class, BottegaComposer, product_button);
  gtk_widget_class_bind_template_callback (widget_class, on_canned_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_child_revealed);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "composer.send-template", NULL, send_template_activated);
  gtk_widget_class_install_action (widget_class, "composer.cancel-reply", NULL, cancel_reply_activated);
  gtk_widget_class_install_property_action (widget_class, "composer.private-note", "private-note");
  bottega_composer_class_init_attachments (widget_class);

  gtk_widget_class_set_css_name (widget_class, "composer");
}

static void
bottega_composer_init (BottegaComposer *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkEventController *controller;
  GtkShortcutController *shortcuts;
  GtkTextBuffer *buffer;

  self->pending = pending_state_new ();
  self->stash = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) pending_state_free);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->param_entries = g_ptr_array_new ();
  if (source != NULL && (schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)))
    {
      self->settings = g_settings_new (APPLICATION_ID);
      g_signal_connect_object (self->settings, "changed::enter-sends", G_CALLBACK (update_view_description),
                               self, G_CONNECT_SWAPPED);
    }

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_composer_key_pressed),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->composer_view), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "leave", G_CALLBACK (on_view_focus_leave),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->composer_view), controller);

  /* Ahead of the text view's own keys (Ctrl+Shift+A would unselect). */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (shortcuts), GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>n"),
                                                          gtk_named_action_new ("composer.private-note")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>a"),
                                                          gtk_named_action_new ("composer.attach")));
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));

  bottega_composer_init_attachments (self);

  buffer = gtk_text_view_get_buffer (self->composer_view);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "notify::cursor-position", G_CALLBACK (on_cursor_moved),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->template_dropdown, "notify::selected",
                           G_CALLBACK (rebuild_template_params), self, G_CONNECT_SWAPPED);

  update_note_look (self);
  bottega_composer_update_actions (self);
}

BottegaComposer *
bottega_composer_new (void)
{
  return g_object_new (BOTTEGA_TYPE_COMPOSER, NULL);
}
