/* bottega-search-view.c: messages found by a search, for the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bottega-conversation-row.h"
#include "bottega-search-view.h"
#include "bottega-text.h"

/* The newest this many hits; a search that needs more wants more words. */
#define MAX_RESULTS 200
/* Typing pauses this long before the store is asked. */
#define SEARCH_DELAY_MS 150

struct _BottegaSearchView
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *results_page;
  GtkListBox   *results_list;
  AdwStatusPage *empty_page;
  GtkSpinner   *spinner;

  BottegaStore *store;
  char         *query;
  GCancellable *cancellable;
  guint         delay_id;
};

G_DEFINE_FINAL_TYPE (BottegaSearchView, bottega_search_view, GTK_TYPE_WIDGET)

typedef enum {
  PAGE_RESULTS,
  PAGE_EMPTY,
  PAGE_SEARCHING,
} Page;

enum {
  MESSAGE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- highlighting ---- */

/* @text without accents, case folded, so that "perche" finds "Perché". */
static char *
fold (const char *text,
      gssize      length)
{
  g_autofree char *decomposed = g_utf8_normalize (text, length, G_NORMALIZE_NFD);
  g_autoptr(GString) bare = g_string_new (NULL);

  if (decomposed == NULL)
    return g_strdup ("");

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (bare, c);
    }

  return g_utf8_casefold (bare->str, -1);
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Calls @func for each word of @text (runs of letters, digits and marks,
 * as the search's tokenizer cuts them) with its byte range. */
static void
for_each_word (const char *text,
               void      (*func) (const char *start, const char *end, gpointer data),
               gpointer    data)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p > start)
        func (start, p, data);
    }
}

static void
add_term (const char *start,
          const char *end,
          gpointer    data)
{
  g_ptr_array_add (data, fold (start, end - start));
}

typedef struct {
  const char    *text;
  GPtrArray     *terms;
  PangoAttrList *attrs;
  const GdkRGBA *tint;
} Highlight;

static void
highlight_word (const char *start,
                const char *end,
                gpointer    data)
{
  Highlight *h = data;
  g_autofree char *word = fold (start, end - start);
  guint index = start - h->text;
  guint end_index = end - h->text;

  for (guint i = 0; i < h->terms->len; i++)
    {
      PangoAttribute *attr;

      if (!g_str_has_prefix (word, g_ptr_array_index (h->terms, i)))
        continue;

      attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      attr->start_index = index;
      attr->end_index = end_index;
      pango_attr_list_insert (h->attrs, attr);
      if (h->tint != NULL)
        {
          attr = pango_attr_background_new (h->tint->red * 65535, h->tint->green * 65535,
                                            h->tint->blue * 65535);
          attr->start_index = index;
          attr->end_index = end_index;
          pango_attr_list_insert (h->attrs, attr);
          attr = pango_attr_background_alpha_new (h->tint->alpha * 65535);
          attr->start_index = index;
          attr->end_index = end_index;
          pango_attr_list_insert (h->attrs, attr);
        }
      break;
    }
}

PangoAttrList *
bottega_search_highlight (const char    *text,
                          const char    *query,
                          const GdkRGBA *tint)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  Highlight h = { text, terms, pango_attr_list_new (), tint };

  g_return_val_if_fail (text != NULL, h.attrs);
  g_return_val_if_fail (query != NULL, h.attrs);

  for_each_word (query, add_term, terms);
  if (terms->len > 0)
    for_each_word (text, highlight_word, &h);

  return h.attrs;
}

/* ---- results ---- */

static void
show_page (BottegaSearchView *self,
           Page               page)
{
  gtk_widget_set_visible (self->results_page, page == PAGE_RESULTS);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), page == PAGE_EMPTY);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), page == PAGE_SEARCHING);
  if (page == PAGE_SEARCHING)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
}

typedef struct {
  gint64 conversation_id;
  gint64 message_id;
} HitIds;

static GtkWidget *
result_row_new (BottegaSearchView *self,
                BottegaSearchHit  *hit,
                const GdkRGBA     *tint,
                gint64             now)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name_label, *where_label, *snippet_label;
  g_autofree char *name = bottega_text_one_line (hit->customer_name, 80);
  g_autofree char *snippet = bottega_text_one_line (hit->snippet, 300);
  g_autofree char *when = bottega_format_short_time (bottega_message_get_created_at (hit->message), now);
  g_autofree char *where = NULL;
  g_autofree char *accessible = NULL;
  g_autoptr(PangoAttrList) attrs = NULL;
  HitIds *ids = g_new0 (HitIds, 1);
  gint64 number = bottega_message_get_conversation_remote_id (hit->message);

  if (name[0] == '\0')
    {
      g_free (name);
      name = g_strdup (_("Unknown customer"));
    }
  /* Translators: the conversation's number and the message's time */
  where = g_strdup_printf (_("#%lld · %s"), (long long) number, when);

  name_label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (name_label), TRUE);
  gtk_widget_set_hexpand (name_label, TRUE);
  gtk_widget_add_css_class (name_label, "heading");

  where_label = gtk_label_new (where);
  gtk_widget_add_css_class (where_label, "caption");
  gtk_widget_add_css_class (where_label, "dim-label");
  gtk_widget_add_css_class (where_label, "numeric");

  /* Customer text: markup stays off, highlights are attributes. */
  snippet_label = gtk_label_new (snippet);
  attrs = bottega_search_highlight (snippet, self->query, tint);
  gtk_label_set_attributes (GTK_LABEL (snippet_label), attrs);
  gtk_label_set_xalign (GTK_LABEL (snippet_label), 0);
  gtk_label_set_wrap (GTK_LABEL (snippet_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (snippet_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (snippet_label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (snippet_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (snippet_label, "search-snippet");

  gtk_box_append (GTK_BOX (top), name_label);
  gtk_box_append (GTK_BOX (top), where_label);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), snippet_label);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: a search result read by a screen reader: customer,
   * conversation number, time, and the words around the match */
  accessible = g_strdup_printf (_("%s, conversation %lld, %s: %s"), name, (long long) number, when, snippet);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  ids->conversation_id = bottega_message_get_conversation_id (hit->message);
  ids->message_id = bottega_message_get_id (hit->message);
  g_object_set_data_full (G_OBJECT (row), "bottega-hit", ids, g_free);

  return row;
}

static void
clear_results (BottegaSearchView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
}

static void
show_results (BottegaSearchView *self,
              GPtrArray         *hits)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GdkRGBA tint = { 0.2, 0.5, 0.9, 0.3 };
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

  /* The accent follows the light, dark and high-contrast styles. */
  if (gtk_style_context_lookup_color (style, "accent_bg_color", &tint))
    tint.alpha = 0.3;
  G_GNUC_END_IGNORE_DEPRECATIONS

  clear_results (self);
  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->results_list,
                         result_row_new (self, g_ptr_array_index (hits, i), &tint, now));

  show_page (self, hits->len > 0 ? PAGE_RESULTS : PAGE_EMPTY);
}

/* ---- searching ---- */

typedef struct {
  BottegaStore *store;
  char         *query;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_clear_object (&data->store);
  g_free (data->query);
  g_free (data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *data = task_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *hits;

  if (g_task_return_error_if_cancelled (task))
    return;

  hits = bottega_store_search (data->store, 0, data->query, MAX_RESULTS, &error);
  if (hits == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  BottegaSearchView *self = BOTTEGA_SEARCH_VIEW (source);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  hits = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  if (hits == NULL)
    {
      if (!g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
        g_warning ("Searching the messages failed: %s", error->message);
      hits = g_ptr_array_new ();
    }

  show_results (self, hits);
}

static gboolean
start_search (gpointer user_data)
{
  BottegaSearchView *self = user_data;
  g_autoptr(GTask) task = NULL;
  SearchData *data;

  self->delay_id = 0;
  if (self->store == NULL || self->query == NULL || self->query[0] == '\0')
    return G_SOURCE_REMOVE;

  data = g_new0 (SearchData, 1);
  data->store = g_object_ref (self->store);
  data->query = g_strdup (self->query);

  task = g_task_new (self, self->cancellable, search_done, NULL);
  g_task_set_source_tag (task, start_search);
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  g_task_run_in_thread (task, search_thread);

  return G_SOURCE_REMOVE;
}

void
bottega_search_view_set_query (BottegaSearchView *self,
                               const char        *query)
{
  g_autofree char *text = NULL;

  g_return_if_fail (BOTTEGA_IS_SEARCH_VIEW (self));

  text = g_strstrip (g_strdup (query != NULL ? query : ""));
  if (g_strcmp0 (self->query, text) == 0)
    return;

  g_free (self->query);
  self->query = g_steal_pointer (&text);

  /* Whatever was on its way is for an older query. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->delay_id, g_source_remove);

  if (self->query[0] == '\0')
    {
      clear_results (self);
      show_page (self, PAGE_RESULTS);
      return;
    }

  /* Results of the query before stay until the new ones come. */
  if (!gtk_widget_get_visible (self->results_page) ||
      gtk_widget_get_first_child (GTK_WIDGET (self->results_list)) == NULL)
    show_page (self, PAGE_SEARCHING);
  self->delay_id = g_timeout_add (SEARCH_DELAY_MS, start_search, self);
}

const char *
bottega_search_view_get_query (BottegaSearchView *self)
{
  g_return_val_if_fail (BOTTEGA_IS_SEARCH_VIEW (self), NULL);

  return self->query != NULL ? self->query : "";
}

void
bottega_search_view_set_store (BottegaSearchView *self,
                               BottegaStore      *store)
{
  g_return_if_fail (BOTTEGA_IS_SEARCH_VIEW (self));
  g_return_if_fail (store == NULL || BOTTEGA_IS_STORE (store));

  g_set_object (&self->store, store);
}

gboolean
bottega_search_view_focus_first (BottegaSearchView *self)
{
  GtkListBoxRow *first;

  g_return_val_if_fail (BOTTEGA_IS_SEARCH_VIEW (self), FALSE);

  first = gtk_list_box_get_row_at_index (self->results_list, 0);
  if (first == NULL || !gtk_widget_get_mapped (GTK_WIDGET (first)))
    return FALSE;

  gtk_list_box_select_row (self->results_list, first);
  return gtk_widget_grab_focus (GTK_WIDGET (first));
}

static void
on_row_activated (BottegaSearchView *self,
                  GtkListBoxRow     *row)
{
  HitIds *ids = g_object_get_data (G_OBJECT (row), "bottega-hit");

  if (ids != NULL)
    g_signal_emit (self, signals[MESSAGE_ACTIVATED], 0, ids->conversation_id, ids->message_id);
}

/* ---- GObject ---- */

static void
bottega_search_view_dispose (GObject *object)
{
  BottegaSearchView *self = BOTTEGA_SEARCH_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->delay_id, g_source_remove);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), BOTTEGA_TYPE_SEARCH_VIEW);

  G_OBJECT_CLASS (bottega_search_view_parent_class)->dispose (object);
}

static void
bottega_search_view_finalize (GObject *object)
{
  BottegaSearchView *self = BOTTEGA_SEARCH_VIEW (object);

  g_free (self->query);

  G_OBJECT_CLASS (bottega_search_view_parent_class)->finalize (object);
}

static void
bottega_search_view_class_init (BottegaSearchViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_search_view_dispose;
  object_class->finalize = bottega_search_view_finalize;

  signals[MESSAGE_ACTIVATED] =
    g_signal_new ("message-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-search-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaSearchView, box);
  gtk_widget_class_bind_template_child (widget_class, BottegaSearchView, results_page);
  gtk_widget_class_bind_template_child (widget_class, BottegaSearchView, results_list);
  gtk_widget_class_bind_template_child (widget_class, BottegaSearchView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BottegaSearchView, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "searchview");
}

static void
bottega_search_view_init (BottegaSearchView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->query = g_strdup ("");
  self->cancellable = g_cancellable_new ();
}

BottegaSearchView *
bottega_search_view_new (void)
{
  return g_object_new (BOTTEGA_TYPE_SEARCH_VIEW, NULL);
}
