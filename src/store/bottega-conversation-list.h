/* bottega-conversation-list.h: a lazy GListModel of conversations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-store.h"

G_BEGIN_DECLS

#define BOTTEGA_TYPE_CONVERSATION_LIST (bottega_conversation_list_get_type ())
G_DECLARE_FINAL_TYPE (BottegaConversationList, bottega_conversation_list, BOTTEGA, CONVERSATION_LIST, GObject)

/* Whose conversations the list shows. */
typedef enum {
  BOTTEGA_ASSIGNEE_FILTER_ALL,
  BOTTEGA_ASSIGNEE_FILTER_MINE,        /* assigned to the user (see user_id) */
  BOTTEGA_ASSIGNEE_FILTER_UNASSIGNED,  /* assigned to nobody */
} BottegaAssigneeFilter;

/* Every filter at once; the fields combine with AND. */
typedef struct {
  int                    status;       /* a BottegaConversationStatus, or -1 for every status */
  BottegaAssigneeFilter  assignee;
  gint64                 user_id;      /* MINE: the remote user id; 0 = each account's own user */
  gboolean               unread_only;
  const char            *label;        /* a label title, or NULL for any */
  gint64                 inbox_id;     /* a local inbox id (BottegaInbox:id), or 0 for any */
} BottegaConversationFilter;

#define BOTTEGA_CONVERSATION_FILTER_INIT { -1, BOTTEGA_ASSIGNEE_FILTER_ALL, 0, FALSE, NULL, 0 }

/* Conversations of @account_id (0 = all accounts), newest activity first,
 * each with its customer, last message, draft and outbox count filled.
 * Items are loaded in pages on demand; the model follows the store's
 * "conversations-changed" signal. Filters are SQL over indexed columns:
 * nothing beyond the pages in view is read. */
BottegaConversationList *bottega_conversation_list_new        (BottegaStore *store, gint64 account_id);
/* Filter on status; -1 for every status. */
void                     bottega_conversation_list_set_status (BottegaConversationList *self, int status);
int                      bottega_conversation_list_get_status (BottegaConversationList *self);
/* Position of the conversation with that local id, or G_MAXUINT. */
guint                    bottega_conversation_list_find       (BottegaConversationList *self, gint64 conversation_id);

/* All the filters in one change (one reload). */
void                     bottega_conversation_list_set_filter      (BottegaConversationList         *self,
                                                                    const BottegaConversationFilter *filter);
/* Fills @filter; its label belongs to the list. */
void                     bottega_conversation_list_get_filter      (BottegaConversationList         *self,
                                                                    BottegaConversationFilter       *filter);
void                     bottega_conversation_list_set_assignee    (BottegaConversationList *self,
                                                                    BottegaAssigneeFilter    assignee,
                                                                    gint64                   user_id);
BottegaAssigneeFilter    bottega_conversation_list_get_assignee    (BottegaConversationList *self);
gint64                   bottega_conversation_list_get_user_id     (BottegaConversationList *self);
void                     bottega_conversation_list_set_unread_only (BottegaConversationList *self,
                                                                    gboolean                 unread_only);
gboolean                 bottega_conversation_list_get_unread_only (BottegaConversationList *self);
void                     bottega_conversation_list_set_label       (BottegaConversationList *self,
                                                                    const char              *label);
const char              *bottega_conversation_list_get_label       (BottegaConversationList *self);
void                     bottega_conversation_list_set_inbox       (BottegaConversationList *self,
                                                                    gint64                   inbox_id);
gint64                   bottega_conversation_list_get_inbox       (BottegaConversationList *self);

G_END_DECLS
