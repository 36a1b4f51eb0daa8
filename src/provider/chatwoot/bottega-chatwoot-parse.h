/* bottega-chatwoot-parse.h: Chatwoot JSON → core models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bottega-core.h"

G_BEGIN_DECLS

/* Everything here takes untrusted JSON and either returns a model or NULL
 * with BOTTEGA_PROVIDER_ERROR_MALFORMED. Required fields: ids; everything
 * else is optional and defaulted. Timestamps are accepted as integer, float
 * or ISO 8601 (the server mixes them). @account_id is the local account rowid
 * copied into the models. */

typedef struct {
  gint64  id;
  char   *name;
  char   *status;   /* "active" / "suspended" */
  char   *role;
} BottegaChatwootAccountRef;

typedef struct {
  gint64     user_id;
  char      *name;
  char      *email;
  char      *pubsub_token;
  gint64     active_account_id;
  GPtrArray *accounts;  /* of BottegaChatwootAccountRef */
} BottegaChatwootProfile;

void bottega_chatwoot_profile_free (BottegaChatwootProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaChatwootProfile, bottega_chatwoot_profile_free)

typedef struct {
  GPtrArray *conversations;  /* of BottegaConversation */
  guint      mine_count, assigned_count, unassigned_count, all_count;
} BottegaChatwootConversationPage;

void bottega_chatwoot_conversation_page_free (BottegaChatwootConversationPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BottegaChatwootConversationPage, bottega_chatwoot_conversation_page_free)

/* The default bound on a JSON body, and the deepest nesting accepted. */
#define BOTTEGA_CHATWOOT_MAX_JSON_SIZE  (32 * 1024 * 1024)
#define BOTTEGA_CHATWOOT_MAX_JSON_DEPTH 64

/* Parses the body bytes into a JsonNode, bounded in size and depth. */
JsonNode *bottega_chatwoot_parse_json      (GBytes *body, GError **error);
/* The same with the caller's size limit (TOO_LARGE beyond @max_size bytes). */
JsonNode *bottega_chatwoot_parse_json_full (GBytes *body, gsize max_size, GError **error);

BottegaChatwootProfile          *bottega_chatwoot_parse_profile            (JsonNode *root, GError **error);
BottegaInbox                    *bottega_chatwoot_parse_inbox              (JsonNode *node, gint64 account_id, GError **error);
BottegaLabel                    *bottega_chatwoot_parse_label              (JsonNode *node, GError **error);
BottegaAgent                    *bottega_chatwoot_parse_agent              (JsonNode *node, GError **error);
BottegaCannedResponse           *bottega_chatwoot_parse_canned_response    (JsonNode *node, GError **error);
BottegaCustomer                 *bottega_chatwoot_parse_contact            (JsonNode *node, gint64 account_id, GError **error);
BottegaAttachment               *bottega_chatwoot_parse_attachment         (JsonNode *node, GError **error);
BottegaMessage                  *bottega_chatwoot_parse_message            (JsonNode *node, gint64 account_id, GError **error);
BottegaConversation             *bottega_chatwoot_parse_conversation       (JsonNode *node, gint64 account_id, GError **error);

/* Envelopes. */
GPtrArray *bottega_chatwoot_parse_inboxes          (JsonNode *root, gint64 account_id, GError **error); /* {"payload":[…]} */
GPtrArray *bottega_chatwoot_parse_labels           (JsonNode *root, GError **error);                    /* {"payload":[…]} */
GPtrArray *bottega_chatwoot_parse_agents           (JsonNode *root, GError **error);                    /* bare array */
GPtrArray *bottega_chatwoot_parse_canned_responses (JsonNode *root, GError **error);                    /* bare array */
GPtrArray *bottega_chatwoot_parse_messages         (JsonNode *root, gint64 account_id, GError **error); /* {"meta","payload":[…]} */
BottegaChatwootConversationPage *
           bottega_chatwoot_parse_conversation_page (JsonNode *root, gint64 account_id, GError **error); /* {"data":{"meta","payload"}} */
/* The answer of toggle_status: {"meta":{},"payload":{"current_status":…}};
 * returns the status name, checked against the known ones. */
char      *bottega_chatwoot_parse_toggle_status    (JsonNode *root, GError **error);

G_END_DECLS
