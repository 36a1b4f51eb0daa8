/* bottega-account.h: one provider account the user is signed in to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BOTTEGA_TYPE_ACCOUNT (bottega_account_get_type ())
G_DECLARE_FINAL_TYPE (BottegaAccount, bottega_account, BOTTEGA, ACCOUNT, GObject)

/* Properties: id (int64 local rowid), url (the server's base URL, no trailing
 * slash), remote-id (int64 Chatwoot account id), user-id (int64 profile id),
 * name (the account's name), user-name (the agent's display name),
 * is-demo (boolean: the built-in sandbox), needs-auth (boolean: the server
 * refused the token; the user must sign in again).
 * The access token is never a property: it lives in the keyring. */
BottegaAccount *bottega_account_new (void);

gint64      bottega_account_get_id          (BottegaAccount *self);
void        bottega_account_set_id          (BottegaAccount *self, gint64 id);
const char *bottega_account_get_url         (BottegaAccount *self);
void        bottega_account_set_url         (BottegaAccount *self, const char *url);
gint64      bottega_account_get_remote_id   (BottegaAccount *self);
void        bottega_account_set_remote_id   (BottegaAccount *self, gint64 remote_id);
gint64      bottega_account_get_user_id     (BottegaAccount *self);
void        bottega_account_set_user_id     (BottegaAccount *self, gint64 user_id);
const char *bottega_account_get_name        (BottegaAccount *self);
void        bottega_account_set_name        (BottegaAccount *self, const char *name);
const char *bottega_account_get_user_name   (BottegaAccount *self);
void        bottega_account_set_user_name   (BottegaAccount *self, const char *user_name);
gboolean    bottega_account_get_is_demo     (BottegaAccount *self);
void        bottega_account_set_is_demo     (BottegaAccount *self, gboolean is_demo);
gboolean    bottega_account_get_needs_auth  (BottegaAccount *self);
void        bottega_account_set_needs_auth  (BottegaAccount *self, gboolean needs_auth);

G_END_DECLS
