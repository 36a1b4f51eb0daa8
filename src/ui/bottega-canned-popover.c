/* bottega-canned-popover.c: the canned responses offered after "/"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bottega-canned-popover.h"

/* Enough to choose from while typing; more letters narrow it down. */
#define MAX_SHOWN 50

struct _BottegaCannedPopover
{
  GtkPopover         parent_instance;

  /* template */
  GtkScrolledWindow *scroller;
  GtkListBox        *list;

  GPtrArray         *responses;   /* BottegaCannedResponse */
};

G_DEFINE_FINAL_TYPE (BottegaCannedPopover, bottega_canned_popover, GTK_TYPE_POPOVER)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The first line of @text, at most @max characters, with an ellipsis when
 * cut. */
static char *
excerpt (const char *text,
         glong       max)
{
  const char *newline = strchr (text, '\n');
  g_autofree char *line = newline != NULL ? g_strndup (text, newline - text) : g_strdup (text);

  if (g_utf8_strlen (line, -1) > max)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, max);

      return g_strconcat (cut, "…", NULL);
    }
  if (newline != NULL)
    return g_strconcat (line, "…", NULL);
  return g_steal_pointer (&line);
}

static GtkWidget *
create_row (BottegaCannedResponse *response)
{
  const char *code = bottega_canned_response_get_short_code (response);
  const char *content = bottega_canned_response_get_content (response);
  g_autofree char *slash_code = g_strconcat ("/", code != NULL ? code : "", NULL);
  g_autofree char *short_content = excerpt (content != NULL ? content : "", 120);
  g_autofree char *name = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *code_label = gtk_label_new (slash_code);
  GtkWidget *content_label = gtk_label_new (short_content);

  /* Text from the provider: plain labels, never markup. */
  gtk_label_set_use_markup (GTK_LABEL (code_label), FALSE);
  gtk_label_set_xalign (GTK_LABEL (code_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (code_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (code_label, "heading");

  gtk_label_set_use_markup (GTK_LABEL (content_label), FALSE);
  gtk_label_set_xalign (GTK_LABEL (content_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (content_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (content_label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (content_label), 32);
  gtk_label_set_max_width_chars (GTK_LABEL (content_label), 56);
  gtk_widget_add_css_class (content_label, "dim-label");

  gtk_box_append (GTK_BOX (box), code_label);
  gtk_box_append (GTK_BOX (box), content_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* The keyboard stays in the composer. */
  gtk_widget_set_focusable (row, FALSE);
  name = g_strdup_printf ("%s: %s", slash_code, short_content);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (row), "bottega-canned-response",
                          g_object_ref (response), g_object_unref);
  return row;
}

static void
scroll_to_row (BottegaCannedPopover *self,
               GtkListBoxRow        *row)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_rect_t bounds;

  if (row != NULL && gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->list), &bounds))
    gtk_adjustment_clamp_page (adjustment, bounds.origin.y, bounds.origin.y + bounds.size.height);
}

static void
on_row_activated (BottegaCannedPopover *self,
                  GtkListBoxRow        *row,
                  GtkListBox           *list)
{
  BottegaCannedResponse *response = g_object_get_data (G_OBJECT (row), "bottega-canned-response");

  if (response != NULL)
    g_signal_emit (self, signals[CHOSEN], 0, response);
}

/* ---- public ---- */

void
bottega_canned_popover_set_responses (BottegaCannedPopover *self,
                                      GPtrArray            *responses)
{
  g_return_if_fail (BOTTEGA_IS_CANNED_POPOVER (self));

  g_ptr_array_set_size (self->responses, 0);
  for (guint i = 0; responses != NULL && i < responses->len; i++)
    g_ptr_array_add (self->responses, g_object_ref (g_ptr_array_index (responses, i)));
}

static gboolean
holds (const char *haystack,
       const char *needle)
{
  g_autofree char *folded = haystack != NULL ? g_utf8_casefold (haystack, -1) : NULL;

  return folded != NULL && strstr (folded, needle) != NULL;
}

static gboolean
starts_with (const char *text,
             const char *prefix)
{
  g_autofree char *folded = text != NULL ? g_utf8_casefold (text, -1) : NULL;

  return folded != NULL && g_str_has_prefix (folded, prefix);
}

guint
bottega_canned_popover_filter (BottegaCannedPopover *self,
                               const char           *query)
{
  g_autofree char *needle = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  GtkWidget *child;

  g_return_val_if_fail (BOTTEGA_IS_CANNED_POPOVER (self), 0);

  needle = g_utf8_casefold (query != NULL ? query : "", -1);

  /* Three passes: short codes that start with the query, short codes that
   * hold it, then texts that hold it. */
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < self->responses->len && shown->len < MAX_SHOWN; i++)
      {
        BottegaCannedResponse *response = g_ptr_array_index (self->responses, i);
        const char *code = bottega_canned_response_get_short_code (response);
        gboolean prefix = starts_with (code, needle);
        gboolean in_code = holds (code, needle);

        if ((pass == 0 && prefix) ||
            (pass == 1 && !prefix && in_code) ||
            (pass == 2 && !in_code && holds (bottega_canned_response_get_content (response), needle)))
          g_ptr_array_add (shown, response);
      }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < shown->len; i++)
    gtk_list_box_append (self->list, create_row (g_ptr_array_index (shown, i)));

  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  return shown->len;
}

void
bottega_canned_popover_move (BottegaCannedPopover *self,
                             int                   delta)
{
  GtkListBoxRow *selected;
  GtkListBoxRow *next;
  int index;
  int n = 0;

  g_return_if_fail (BOTTEGA_IS_CANNED_POPOVER (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  if (n == 0)
    return;

  selected = gtk_list_box_get_selected_row (self->list);
  index = selected != NULL ? gtk_list_box_row_get_index (selected) : -1;
  /* Wraps around, as completion lists do. */
  index = ((index + delta) % n + n) % n;
  next = gtk_list_box_get_row_at_index (self->list, index);
  gtk_list_box_select_row (self->list, next);
  scroll_to_row (self, next);
}

BottegaCannedResponse *
bottega_canned_popover_get_selected (BottegaCannedPopover *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (BOTTEGA_IS_CANNED_POPOVER (self), NULL);

  row = gtk_list_box_get_selected_row (self->list);
  return row != NULL ? g_object_get_data (G_OBJECT (row), "bottega-canned-response") : NULL;
}

/* ---- GObject ---- */

static void
bottega_canned_popover_dispose (GObject *object)
{
  BottegaCannedPopover *self = BOTTEGA_CANNED_POPOVER (object);

  g_clear_pointer (&self->responses, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), BOTTEGA_TYPE_CANNED_POPOVER);

  G_OBJECT_CLASS (bottega_canned_popover_parent_class)->dispose (object);
}

static void
bottega_canned_popover_class_init (BottegaCannedPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_canned_popover_dispose;

  /**
   * BottegaCannedPopover::chosen:
   * @response: the BottegaCannedResponse clicked
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BOTTEGA_TYPE_CANNED_RESPONSE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-canned-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaCannedPopover, scroller);
  gtk_widget_class_bind_template_child (widget_class, BottegaCannedPopover, list);
}

static void
bottega_canned_popover_init (BottegaCannedPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->responses = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated),
                           self, G_CONNECT_SWAPPED);
}

BottegaCannedPopover *
bottega_canned_popover_new (void)
{
  return g_object_new (BOTTEGA_TYPE_CANNED_POPOVER, NULL);
}
