/* bottega-composer-private.h: what the composer's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bottega-canned-popover.h"
#include "bottega-composer.h"
#include "bottega-outgoing.h"
#include "bottega-product-picker.h"

G_BEGIN_DECLS

/* What goes with the next reply of one conversation besides its text (the
 * text is the draft, in the store). Kept per conversation while the user
 * looks at another one, so files never go to the wrong customer. */
typedef struct {
  GPtrArray      *files;          /* BottegaOutgoingFile */
  BottegaMessage *reply_to;       /* or NULL */
  gboolean        private_note;
} BottegaComposerPending;

struct _BottegaComposer
{
  GtkWidget             parent_instance;

  /* template */
  GtkBox               *composer_stack;
  GtkWidget            *template_box;
  GtkWidget            *composer;
  GtkRevealer          *reply_revealer;
  GtkWidget            *reply_strip;
  GtkLabel             *reply_sender;
  GtkLabel             *reply_excerpt;
  GtkRevealer          *tray_revealer;
  GtkFlowBox           *attachment_tray;
  GtkWidget            *problem_box;
  GtkLabel             *problem_label;
  GtkWidget            *note_hint;
  GtkLabel             *placeholder;
  GtkTextView          *composer_view;
  GtkWidget            *send_button;
  GtkDropDown          *template_dropdown;
  GtkBox               *template_params;
  GtkLabel             *template_preview;
  BottegaCannedPopover *canned_popover;
  BottegaProductPicker *product_picker;
  GtkWidget            *product_button;

  BottegaStore         *store;
  BottegaConversation  *conversation;
  GSettings            *settings;
  GPtrArray            *templates;       /* Template, the inbox's approved ones */
  GPtrArray            *param_entries;   /* GtkEntry, one per {{n}} */

  BottegaComposerPending         *pending;         /* the current conversation's; never NULL */
  GHashTable           *stash;           /* gint64 * conversation id → BottegaComposerPending */

  GtkDropTarget        *drop_target;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;     /* file checks and pastes */
  char                 *canned_query;    /* what the popover shows, or NULL */

  guint                 draft_timeout;
  guint                 checking;        /* file checks under way */
  gboolean              draft_dirty;
  gboolean              loading_draft;
  gboolean              sending;
};


typedef struct {
  gint64      conversation_id;  /* the conversation the files were meant for */
  GStrv       paths;
  GdkTexture *texture;     /* a pasted picture to save first, or NULL */
  GPtrArray  *files;       /* BottegaOutgoingFile, the good ones */
  GPtrArray  *problems;    /* char *, one sentence per file refused */
} BottegaComposerCheck;

/* bottega-composer.c */
void                  bottega_composer_update_actions         (BottegaComposer      *self);
gboolean              bottega_composer_in_text_mode           (BottegaComposer      *self);
/* The inline message above the entry: what is wrong with the files, and
 * what to do; NULL hides it. */
void                  bottega_composer_set_problem            (BottegaComposer      *self,
                                                               const char           *message);
void                  bottega_composer_reveal                 (GtkRevealer          *revealer,
                                                               gboolean              reveal);

/* The pending state of @conversation_id: the current one's, or one kept
 * for later (made if needed). */
BottegaComposerPending *bottega_composer_pending_for    (BottegaComposer      *self,
                                                         gint64                conversation_id);

/* bottega-composer-attachments.c: the tray, the file chooser, drag and
 * drop, pasting, and checking files off the main thread */
void                  bottega_composer_class_init_attachments (GtkWidgetClass       *widget_class);
void                  bottega_composer_init_attachments       (BottegaComposer      *self);
void                  bottega_composer_rebuild_tray           (BottegaComposer      *self);
/* Checks @paths (or first saves @texture, a pasted picture) in a thread. */
void                  bottega_composer_check_files_async      (BottegaComposer      *self,
                                                               const char * const   *paths,
                                                               GdkTexture           *texture,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
/* The checked files and problems; NULL when the composer went away. */
BottegaComposerCheck *bottega_composer_check_files_finish     (BottegaComposer      *self,
                                                               GAsyncResult         *result);
/* The problems, one a line; NULL if none. */
char                 *bottega_composer_join_problems          (GPtrArray            *problems);
/* Closes the product picker (another conversation, a template). */
void                  bottega_composer_hide_products          (BottegaComposer      *self);

G_END_DECLS
