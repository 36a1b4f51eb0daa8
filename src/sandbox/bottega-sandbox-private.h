/* bottega-sandbox-private.h: the sandbox's shop model, REST views, faults and media
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bottega-sandbox.h"

G_BEGIN_DECLS

#define SANDBOX_CHATWOOT_VERSION  "4.15.0"
#define SANDBOX_PAGE_SIZE         25
#define SANDBOX_PHOTO_WIDTH       480
#define SANDBOX_PHOTO_HEIGHT      360
#define SANDBOX_MAX_ATTACHMENTS   15
#define SANDBOX_MAX_CONTENT       150000
#define SANDBOX_WINDOW_SECONDS    (24 * 3600)

enum {
  SANDBOX_MESSAGE_INCOMING = 0,
  SANDBOX_MESSAGE_OUTGOING = 1,
  SANDBOX_MESSAGE_ACTIVITY = 2,
  SANDBOX_MESSAGE_TEMPLATE = 3,
};

typedef struct {
  gint64  id;
  char   *name;
  char   *status;        /* "active" | "suspended" */
  gint64  created_at;
} SandboxAccount;

typedef struct {
  gint64  id;
  char   *name;
  char   *email;
  char   *role;          /* "administrator" | "agent" */
  char   *availability;  /* "online" | "busy" | "offline" */
} SandboxAgent;

typedef struct {
  gint64  id;
  char   *name;
  char   *email;         /* nullable */
  char   *phone_number;  /* E.164, nullable */
  char   *city;
  char   *country;
  char   *country_code;
  char   *lang;          /* "it", "pt", "es", "en" */
  gint64  created_at;
  gint64  last_activity_at;
} SandboxContact;

typedef struct {
  gint64    id;
  gint64    account_id;
  char     *name;
  char     *channel_type;  /* "Channel::Whatsapp", "Channel::Email", … */
  char     *provider;      /* nullable */
  char     *phone_number;  /* nullable */
  char     *email;         /* nullable */
  JsonNode *message_templates;  /* array, WhatsApp only; else NULL */
} SandboxInbox;

typedef struct {
  gint64    id;
  gint64    account_id;
  char     *title;
  char     *description;
  char     *color;
  gboolean  show_on_sidebar;
} SandboxLabel;

typedef struct {
  gint64  id;
  gint64  account_id;
  char   *short_code;
  char   *content;
  gint64  created_at;
  gint64  updated_at;
} SandboxCanned;

typedef struct {
  gint64      id;
  gint64      message_id;
  char       *file_type;     /* "image", "audio", "video", "file" */
  char       *content_type;
  char       *extension;     /* without the dot, nullable */
  char       *filename;
  char       *key;           /* the storage key in disk URLs */
  gint64      file_size;
  int         width;         /* 0 = unknown */
  int         height;
  char       *transcribed_text;  /* audio only, nullable */
  JsonObject *source;        /* how to produce the bytes: {"kind":"png"|"pdf"|"resource"|"blob",…} */
  GBytes     *bytes;         /* cache; for uploads without a state path the only copy */
} SandboxAttachment;

typedef struct {
  gint64      id;
  gint64      conversation_id;   /* display id */
  gint64      account_id;
  gint64      inbox_id;
  char       *content;           /* nullable */
  int         message_type;
  char       *content_type;
  char       *status;
  gboolean    is_private;
  char       *source_id;         /* nullable */
  gint64      created_at;
  double      updated_at;
  char       *sender_type;       /* "Contact", "User" or NULL */
  gint64      sender_id;
  JsonObject *content_attributes;
  JsonObject *additional_attributes;
  GPtrArray  *attachments;       /* SandboxAttachment */
  char       *echo_id;           /* the create request's, for message.created only (never saved) */
} SandboxMessage;

typedef struct {
  gint64      display_id;
  gint64      account_id;
  char       *uuid;
  gint64      inbox_id;
  gint64      contact_id;
  gint64      assignee_id;       /* 0 = unassigned */
  char       *status;
  char       *priority;          /* nullable */
  gint64      snoozed_until;     /* 0 = null */
  gboolean    muted;
  GPtrArray  *labels;            /* char * titles */
  gint64      created_at;
  gint64      last_activity_at;
  gint64      agent_last_seen_at;
  gint64      assignee_last_seen_at;
  gint64      contact_last_seen_at;
  gint64      first_reply_created_at;
  gint64      waiting_since;
  double      updated_at;
  JsonObject *additional_attributes;
  JsonObject *custom_attributes;
  GPtrArray  *messages;          /* SandboxMessage, ascending id */
} SandboxConversation;

typedef struct {
  gint64      created_at;        /* when the shop was seeded; the seed's times hang off it */
  char       *token;
  char       *pubsub_token;
  gint64      profile_id;
  GPtrArray  *accounts;
  GPtrArray  *agents;
  GPtrArray  *contacts;
  GPtrArray  *inboxes;
  GPtrArray  *labels;
  GPtrArray  *canned;
  GPtrArray  *conversations;     /* ascending display id */
  gint64      next_message_id;
  gint64      next_attachment_id;
  gint64      next_display_id;
  char       *blob_dir;          /* where uploaded bytes live; NULL = memory only */
  JsonObject *seed;              /* shop.json, for demo lines (never saved) */
  /* Realtime (never saved): what changed since the last broadcast. */
  gboolean    emit_events;       /* FALSE while seeding */
  char       *base_url;          /* for attachment URLs in events; NULL before start */
  GPtrArray  *events;            /* SandboxEvent */
} SandboxShop;

/* One websocket event waiting to be broadcast, rendered when the change
 * happened (the payload is that moment's state). */
typedef struct {
  char     *name;                /* "message.created", … */
  JsonNode *data;
  gint64    account_id;
  gboolean  account_stream;      /* on account_<id> (contact.*), not the user's pubsub stream */
} SandboxEvent;

/* ---- shop (bottega-sandbox-shop.c, seeding in bottega-sandbox-seed.c) ---- */

#define SANDBOX_ALNUM_LOWER "abcdefghijklmnopqrstuvwxyz0123456789"
#define SANDBOX_ALNUM_MIXED "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/* Random helpers: from @rand, or from GLib's global generator when NULL. */
guint                sandbox_rand_below           (GRand *rand, guint n);
double               sandbox_rand_between         (GRand *rand, double lo, double hi);
char                *sandbox_random_string        (GRand *rand, const char *alphabet, guint len);
char                *sandbox_wamid                (GRand *rand);
/* The seed (shop.json in the resources). */
JsonObject          *sandbox_load_seed            (GError **error);
SandboxShop         *sandbox_shop_new_empty       (void);
SandboxConversation *sandbox_conversation_new     (void);

SandboxShop         *sandbox_shop_new_seeded      (gint64 now, GError **error);
SandboxShop         *sandbox_shop_new_from_json   (JsonNode *node, GError **error);
JsonNode            *sandbox_shop_to_json         (SandboxShop *shop);
void                 sandbox_shop_free            (SandboxShop *shop);
void                 sandbox_shop_set_blob_dir    (SandboxShop *shop, const char *dir);

SandboxAccount      *sandbox_shop_find_account      (SandboxShop *shop, gint64 id);
SandboxAgent        *sandbox_shop_find_agent        (SandboxShop *shop, gint64 id);
SandboxContact      *sandbox_shop_find_contact      (SandboxShop *shop, gint64 id);
SandboxInbox        *sandbox_shop_find_inbox        (SandboxShop *shop, gint64 id);
SandboxConversation *sandbox_shop_find_conversation (SandboxShop *shop, gint64 account_id, gint64 display_id);
SandboxMessage      *sandbox_conversation_find_message (SandboxConversation *conv, gint64 id);
SandboxAttachment   *sandbox_shop_find_attachment   (SandboxShop *shop, const char *key);
SandboxAccount      *sandbox_shop_add_account       (SandboxShop *shop, const char *name, gint64 now);

gboolean             sandbox_conversation_can_reply (SandboxShop *shop, SandboxConversation *conv, gint64 now);
guint                sandbox_conversation_unread    (SandboxConversation *conv);
SandboxMessage      *sandbox_conversation_last_message (SandboxConversation *conv, gboolean skip_activity);

SandboxMessage      *sandbox_message_new            (SandboxConversation *conv, int message_type, const char *content);
void                 sandbox_message_free           (SandboxMessage *message);
/* Gives @message an id and appends it; bumps the conversation as Chatwoot does. */
void                 sandbox_shop_append_message    (SandboxShop *shop, SandboxConversation *conv,
                                                     SandboxMessage *message, double now);
SandboxMessage      *sandbox_shop_add_incoming      (SandboxShop *shop, SandboxConversation *conv,
                                                     const char *content, double now);
SandboxMessage      *sandbox_shop_add_activity      (SandboxShop *shop, SandboxConversation *conv,
                                                     const char *content, double now);
SandboxAttachment   *sandbox_attachment_new         (void);
void                 sandbox_attachment_free        (SandboxAttachment *attachment);
/* Gives @attachment an id and a key. */
void                 sandbox_shop_register_attachment (SandboxShop *shop, SandboxMessage *message,
                                                       SandboxAttachment *attachment);
GBytes              *sandbox_shop_attachment_bytes  (SandboxShop *shop, SandboxAttachment *attachment,
                                                     gboolean thumbnail, GError **error);
/* A short plausible customer line in the contact's language. */
const char          *sandbox_shop_demo_line         (SandboxShop *shop, SandboxConversation *conv, GRand *rand);
char                *sandbox_fake_wamid             (void);

/* ---- REST shapes (bottega-sandbox-json.c) ---- */

void        sandbox_json_set_str        (JsonObject *o, const char *key, const char *value);
/* An ISO 8601 string, or null for 0. */
void        sandbox_json_set_iso        (JsonObject *o, const char *key, gint64 epoch);
JsonObject *sandbox_json_copy_object    (JsonObject *o);
JsonNode   *sandbox_json_take_object    (JsonObject *o);
/* Rails' time format: "2025-06-11T09:30:12.345Z". */
char       *sandbox_iso8601             (double epoch);
/* The ActiveStorage signed blob id in data_url. */
char       *sandbox_signed_id           (SandboxAttachment *attachment);
const char *sandbox_agent_availability  (SandboxAgent *agent);
char       *sandbox_agent_display_name  (SandboxAgent *agent);
JsonObject *sandbox_json_attachment     (const char *base_url, SandboxMessage *message, SandboxAttachment *attachment);
JsonObject *sandbox_json_contact        (SandboxContact *contact);
JsonObject *sandbox_json_contact_push   (SandboxContact *contact);
JsonObject *sandbox_json_agent          (SandboxAgent *agent, gint64 account_id);
JsonObject *sandbox_json_user_push      (SandboxAgent *agent);
/* @push: the push_event_data shape (conversation.messages[], websocket). */
JsonObject *sandbox_json_message        (SandboxShop *shop, const char *base_url, SandboxMessage *message,
                                         gboolean push, const char *echo_id);
JsonObject *sandbox_json_conversation   (SandboxShop *shop, const char *base_url, double now,
                                         SandboxConversation *conversation);
JsonObject *sandbox_json_inbox          (SandboxInbox *inbox);
JsonNode   *sandbox_api_message         (SandboxShop *shop, SandboxMessage *message, const char *base_url,
                                         gboolean push, const char *echo_id);

/* ---- REST (bottega-sandbox-api.c) ---- */

typedef struct {
  guint     status;
  JsonNode *body;            /* NULL = empty body */
  char     *location;        /* for redirects */
  GBytes   *raw;             /* non-JSON body (files) */
  char     *raw_type;
  char     *disposition;
  gboolean  changed;         /* the shop changed: save it */
  gint64    created_message; /* POST …/messages created this message */
  gint64    sent_message;    /* this outgoing WhatsApp message went to "Meta" (receipts follow) */
} SandboxResponse;

void     sandbox_response_clear (SandboxResponse *response);
/* Answers @msg for @path from @shop; the caller holds the shop's lock. */
void     sandbox_api_handle     (SandboxShop       *shop,
                                 const char        *base_url,
                                 SoupServerMessage *msg,
                                 const char        *path,
                                 SandboxResponse   *response);
/* Whether @method @path creates a message (POST …/conversations/N/messages). */
gboolean sandbox_api_is_message_create (const char *method,
                                        const char *path);
/* Finds a message by id in any conversation; @conv_out is optional. */
SandboxMessage *sandbox_shop_find_message (SandboxShop          *shop,
                                           gint64                id,
                                           SandboxConversation **conv_out);
/* Sets a message's delivery status as a provider receipt does (a read
 * message stays read); broadcasts message.updated. FALSE when nothing changed. */
gboolean sandbox_shop_set_message_status (SandboxShop    *shop,
                                          SandboxMessage *message,
                                          const char     *status,
                                          const char     *external_error,
                                          double          now);

/* ---- realtime events (bottega-sandbox-events.c) ---- */

void        sandbox_event_free              (SandboxEvent *event);
/* The conversation's push_data (websocket shape). */
JsonObject *sandbox_json_conversation_push  (SandboxShop *shop, const char *base_url, double now,
                                             SandboxConversation *conversation);
/* Queue events on shop->events (when shop->emit_events). */
void        sandbox_emit_message            (SandboxShop *shop, const char *event, SandboxMessage *message,
                                             JsonObject *previous_changes);
void        sandbox_emit_conversation       (SandboxShop *shop, const char *event,
                                             SandboxConversation *conversation, double now);
void        sandbox_emit_contact            (SandboxShop *shop, const char *event,
                                             SandboxContact *contact, gint64 account_id);

/* ---- /cable (bottega-sandbox-cable.c); lives on the server thread ---- */

typedef struct _SandboxCable SandboxCable;
/* Whether a RoomChannel subscription's pubsub_token and user_id are the profile's. */
typedef gboolean (*SandboxCableCheck) (const char *pubsub_token, gint64 user_id, gpointer user_data);

/* @n_open is kept up to date (atomically) with the number of open connections. */
SandboxCable *sandbox_cable_new        (SandboxCableCheck check, gpointer user_data, gint *n_open);
void          sandbox_cable_free       (SandboxCable *cable);
void          sandbox_cable_accept     (SandboxCable *cable, SoupWebsocketConnection *ws);
void          sandbox_cable_broadcast  (SandboxCable *cable, SandboxEvent *event);
/* Closes every connection (going away); returns how many there were. */
guint         sandbox_cable_close_all  (SandboxCable *cable);

/* ---- control endpoints under /_sandbox/ (bottega-sandbox-control.c) ---- */

/* Answers @msg; called on the server thread without the shop's lock. */
void sandbox_control_handle (BottegaSandbox    *sandbox,
                             SoupServerMessage *msg,
                             const char        *path,
                             SandboxResponse   *response);

/* ---- faults (bottega-sandbox-faults.c) ---- */

typedef enum {
  SANDBOX_FAULT_NONE,
  SANDBOX_FAULT_STATUS,      /* answer with a status instead of handling the request */
  SANDBOX_FAULT_MALFORMED,   /* handle the request, then send a 200 with a truncated body */
} SandboxFaultKind;

typedef struct {
  SandboxFaultKind kind;
  guint            status;
} SandboxFault;

typedef struct _SandboxFaults SandboxFaults;

SandboxFaults *sandbox_faults_new     (void);
void           sandbox_faults_free    (SandboxFaults *faults);
void           sandbox_faults_push    (SandboxFaults *faults, SandboxFaultKind kind, guint status, guint count);
/* The fault that applies to the next API request (kind NONE for none). */
SandboxFault   sandbox_faults_take    (SandboxFaults *faults);
/* Fills @response for a STATUS fault. */
void           sandbox_fault_respond  (const SandboxFault *fault, SandboxResponse *response);
/* Rewrites a serialized response body for a MALFORMED fault. */
GBytes        *sandbox_fault_mangle   (const SandboxFault *fault, GBytes *body, guint *status);

/* Faults that are settings rather than a queue. */
typedef enum {
  SANDBOX_POST_NORMAL,
  SANDBOX_POST_DROP,         /* commit, broadcast, then close the connection unanswered */
  SANDBOX_POST_ERROR,        /* 500, nothing created */
} SandboxPostFault;

void             sandbox_faults_set_latency      (SandboxFaults *faults, guint ms);
guint            sandbox_faults_get_latency      (SandboxFaults *faults);
void             sandbox_faults_drop_next_commits (SandboxFaults *faults, guint count);
void             sandbox_faults_set_post         (SandboxFaults *faults, double drop_rate,
                                                  double error_rate, guint32 seed);
/* What happens to the next message creation, by chance. */
SandboxPostFault sandbox_faults_roll_post        (SandboxFaults *faults);
/* Whether a committed message creation loses its response (consumes
 * one drop_next_commits). */
gboolean         sandbox_faults_take_drop        (SandboxFaults *faults);
void             sandbox_faults_rate_limit_for   (SandboxFaults *faults, guint seconds);
gboolean         sandbox_faults_rate_limited     (SandboxFaults *faults);

/* ---- media (bottega-sandbox-media.c) ---- */

guint32  sandbox_crc32           (guint32 crc, const guint8 *data, gsize len);
GBytes  *sandbox_png_encode_rgb  (const guint8 *rgb, guint width, guint height);
gboolean sandbox_png_get_size    (GBytes *bytes, int *width, int *height);
/* Renders a generated file ({"kind":"png"|"pdf"|"resource",…}); cached. */
GBytes  *sandbox_media_render    (JsonObject *source, gboolean thumbnail, GError **error);
GBytes  *sandbox_resource_bytes  (const char *name, GError **error);

/* ---- the product catalog (bottega-sandbox-catalog.c) ---- */

typedef struct _SandboxCatalog SandboxCatalog;

/* The demo catalog; it never changes, so it is not part of the saved shop. */
SandboxCatalog *sandbox_catalog_new      (void);
void            sandbox_catalog_free     (SandboxCatalog *catalog);
guint           sandbox_catalog_get_size (SandboxCatalog *catalog);
/* The SoupServer handler for /graph (the API and the product images);
 * @user_data is the BottegaSandbox. */
void            sandbox_catalog_callback (SoupServer        *server,
                                          SoupServerMessage *msg,
                                          const char        *path,
                                          GHashTable        *query,
                                          gpointer           user_data);
/* The sandbox's catalog (bottega-sandbox.c). */
SandboxCatalog *sandbox_get_catalog      (BottegaSandbox *self);

G_END_DECLS
